/**
 * AirPlay 1 legacy pairing, CPU per side. One exchange is recorded once with fixed keys (so every
 * message is deterministic); each side is then replayed alone against the other side's recorded
 * messages, so a benchmark op is exactly one side's work (all of it synchronous): pair-setup
 * (SRP-2048/SHA-1, AES-GCM) and pair-verify (X25519, Ed25519, AES-CTR).
 */
import { bench, describe } from "vitest";
import {
  LEGACY_PAIR_SETUP_PATH,
  LEGACY_PAIR_VERIFY_PATH,
  LEGACY_PIN_START_PATH,
  type LegacyCredentials,
  LegacyPairSetupClient,
  LegacyPairSetupServer,
  LegacyPairVerifyClient,
  LegacyPairVerifyServer,
} from "../src/auth/legacy/index.js";

const seed = new Uint8Array(32).fill(0x31);
const clientId = new Uint8Array(8).fill(0x52);
const deviceSeed = new Uint8Array(32).fill(0x42);
const salt = new Uint8Array(16).fill(0x17);
const srpPrivateKey = new Uint8Array(32).fill(0x63);
const ephemeral = new Uint8Array(32).fill(0x74);
const PIN = "2271";

const newSetupServer = (): LegacyPairSetupServer =>
  new LegacyPairSetupServer({ pin: PIN, seed: deviceSeed, salt, srpPrivateKey });
const newVerifyServer = (): LegacyPairVerifyServer =>
  new LegacyPairVerifyServer({ seed: deviceSeed, isPaired: () => true, ephemeralKey: () => ephemeral });

// Record one exchange.
const setupServer = newSetupServer();
setupServer.handle(LEGACY_PIN_START_PATH, new Uint8Array());
const recordClient = new LegacyPairSetupClient({ seed, clientId });
const q1 = recordClient.step1();
const r1 = setupServer.handle(LEGACY_PAIR_SETUP_PATH, q1);
const q2 = recordClient.step2(r1, PIN);
const r2 = setupServer.handle(LEGACY_PAIR_SETUP_PATH, q2);
const q3 = recordClient.step3(r2);
const r3 = setupServer.handle(LEGACY_PAIR_SETUP_PATH, q3);
const credentials: LegacyCredentials = recordClient.finish(r3);
const verifyServer = newVerifyServer();
const recordVerify = new LegacyPairVerifyClient();
const v1 = recordVerify.step1(credentials);
const w1 = verifyServer.handle(LEGACY_PAIR_VERIFY_PATH, v1);
const v2 = recordVerify.step2(w1);

describe("legacy pair-setup (/pair-setup-pin, SRP-2048 SHA-1), one side per op", () => {
  bench(
    "client: step1 → step2 → step3 → finish",
    () => {
      const client = new LegacyPairSetupClient({ seed, clientId });
      client.step1();
      client.step2(r1, PIN);
      client.step3(r2);
      client.finish(r3);
    },
    { iterations: 100, time: 0 },
  );
  bench(
    "device: pin-start → three /pair-setup-pin answers",
    () => {
      const server = newSetupServer();
      server.handle(LEGACY_PIN_START_PATH, new Uint8Array());
      server.handle(LEGACY_PAIR_SETUP_PATH, q1);
      server.handle(LEGACY_PAIR_SETUP_PATH, q2);
      server.handle(LEGACY_PAIR_SETUP_PATH, q3);
    },
    { iterations: 100, time: 0 },
  );
});

describe("legacy pair-verify (/pair-verify), one side per op", () => {
  bench(
    "client: step1 → step2 → finish",
    () => {
      const client = new LegacyPairVerifyClient();
      client.step1(credentials);
      client.step2(w1);
      client.finish(new Uint8Array());
    },
    { iterations: 300, time: 0 },
  );
  bench(
    "device: two /pair-verify answers",
    () => {
      const server = newVerifyServer();
      server.handle(LEGACY_PAIR_VERIFY_PATH, v1);
      server.handle(LEGACY_PAIR_VERIFY_PATH, v2);
    },
    { iterations: 300, time: 0 },
  );
});
