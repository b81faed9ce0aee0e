/**
 * hap-crypto report (`pnpm --filter @atv/hap-crypto bench:report`): CPU each side spends in one
 * pair-setup (SRP 3072 + Ed25519, M1–M6) and one pair-verify (X25519 + Ed25519, M1–M4), measured
 * with process.cpuUsage() around that side's calls only; and X25519 / Ed25519 operations per second.
 */
import { benchCount, emitBench } from "@atv/test-utils/bench";
import {
  ed25519,
  type HapPairingCredentials,
  PairSetupClient,
  PairSetupServer,
  PairVerifyClient,
  PairVerifyServer,
  x25519,
} from "../src/index.js";

const device = ed25519.generateKeyPair();
const cpu = { client: 0, server: 0 };
function side<T>(which: keyof typeof cpu, run: () => T): T {
  const start = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(start);
  cpu[which] += (used.user + used.system) / 1000;
  return result;
}

function pairSetup(): { credentials: HapPairingCredentials; clientLtpk: Uint8Array } {
  const server = new PairSetupServer({ pairingId: "bench-device", ltsk: device.secretKey, pin: "1234" });
  const client = side("client", () => new PairSetupClient({ pin: "1234" }));
  const m1 = side("client", () => client.start());
  const m2 = side("server", () => server.handle(m1).reply);
  const m3 = side("client", () => client.handleM2(m2));
  const m4 = side("server", () => server.handle(m3).reply);
  const m5 = side("client", () => client.handleM4(m4));
  const m6 = side("server", () => server.handle(m5));
  const { credentials } = side("client", () => client.handleM6(m6.reply));
  if (m6.paired === undefined) throw new Error("pair-setup did not pair");
  return { credentials, clientLtpk: m6.paired.clientLtpk };
}

function pairVerify(credentials: HapPairingCredentials, clientLtpk: Uint8Array): void {
  const server = side(
    "server",
    () =>
      new PairVerifyServer({
        pairingId: "bench-device",
        ltsk: device.secretKey,
        lookupController: () => clientLtpk,
      }),
  );
  const client = side("client", () => new PairVerifyClient(credentials));
  const m1 = side("client", () => client.start());
  const m2 = side("server", () => server.handle(m1).reply);
  const m3 = side("client", () => client.handleM2(m2));
  const m4 = side("server", () => server.handle(m3).reply);
  side("client", () => client.handleM4(m4));
}

function perSide(label: string, id: string, runs: number, run: () => void): void {
  run(); // warm-up
  cpu.client = 0;
  cpu.server = 0;
  for (let i = 0; i < runs; i++) run();
  const client = cpu.client / runs;
  const server = cpu.server / runs;
  console.log(`${label}: client ${client.toFixed(2)} ms CPU, server ${server.toFixed(2)} ms CPU (n=${runs})`);
  emitBench(`hap.${id}.cpu.client`, client, "ms", "lower");
  emitBench(`hap.${id}.cpu.server`, server, "ms", "lower");
}

function rate(label: string, id: string, run: () => unknown): void {
  for (let i = 0; i < 200; i++) run();
  const ms = benchCount(1000, 300);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 50; i++) run();
    n += 50;
  }
  const perSecond = n / ((performance.now() - start) / 1000);
  console.log(`${label}: ${Math.round(perSecond).toLocaleString("en")} ops/s`);
  emitBench(`hap.${id}`, perSecond, "ops/s", "higher");
}

console.log(`node ${process.version}, OpenSSL ${process.versions.openssl}`);
const paired = pairSetup();
perSide("pair-setup M1–M6 (SRP 3072)", "pair-setup", benchCount(20, 5), () => void pairSetup());
perSide("pair-verify M1–M4", "pair-verify", benchCount(300, 60), () =>
  pairVerify(paired.credentials, paired.clientLtpk),
);

const message = new Uint8Array(96).fill(0x42);
const signer = ed25519.generateKeyPair();
const signature = ed25519.sign(message, signer.secretKey);
const alice = x25519.generateKeyPair();
const bob = x25519.generateKeyPair();
rate("X25519 sharedSecret", "x25519.shared-secret", () =>
  x25519.sharedSecret(alice.secretKey, bob.publicKey),
);
rate("X25519 generateKeyPair", "x25519.keygen", () => x25519.generateKeyPair());
rate("Ed25519 sign (96 B)", "ed25519.sign", () => ed25519.sign(message, signer.secretKey));
rate("Ed25519 verify (96 B)", "ed25519.verify", () => ed25519.verify(signature, message, signer.publicKey));
