/** Wall time of a whole pair-setup (M1–M6) and pair-verify (M1–M4), client and server in-process. */
import { bench, describe } from "vitest";
import {
  ed25519,
  type HapPairingCredentials,
  PairSetupClient,
  PairSetupServer,
  PairVerifyClient,
  PairVerifyServer,
} from "../src/index.js";

const device = ed25519.generateKeyPair();
let paired: { clientId: Uint8Array; clientLtpk: Uint8Array } | undefined;
let credentials: HapPairingCredentials | undefined;

function pairSetup(): void {
  const server = new PairSetupServer({ pairingId: "bench-device", ltsk: device.secretKey, pin: "1234" });
  const client = new PairSetupClient({ pin: "1234" });
  const m4 = server.handle(client.handleM2(server.handle(client.start()).reply)).reply;
  const m6 = server.handle(client.handleM4(m4));
  credentials = client.handleM6(m6.reply).credentials;
  paired = m6.paired;
}

function pairVerify(): void {
  if (credentials === undefined) pairSetup();
  const known = paired as NonNullable<typeof paired>;
  const server = new PairVerifyServer({
    pairingId: "bench-device",
    ltsk: device.secretKey,
    lookupController: () => known.clientLtpk,
  });
  const client = new PairVerifyClient(credentials as HapPairingCredentials);
  client.handleM4(server.handle(client.handleM2(server.handle(client.start()).reply)).reply);
}

describe("pairing (client + server in one process)", () => {
  bench("pair-setup M1–M6", pairSetup, { iterations: 10, time: 0 });
  bench("pair-verify M1–M4", pairVerify, { iterations: 200, time: 0 });
});
