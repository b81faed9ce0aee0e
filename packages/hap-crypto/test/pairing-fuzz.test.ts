/** Hostile input to the four state machines: servers always answer, clients only throw our errors. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeTlv8Map,
  ed25519,
  encodeTlv8,
  HapCryptoError,
  hapCredentials,
  PairSetupClient,
  PairSetupServer,
  PairVerifyClient,
  PairVerifyServer,
  TlvType,
} from "../src/index.js";

const device = ed25519.generateKeyPair();
/** Raw bytes, or TLV8 built from plausible pairing items with random values (reaches deeper code). */
const hostile = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc
    .uniqueArray(
      fc.tuple(
        fc.constantFrom(
          TlvType.State,
          TlvType.Salt,
          TlvType.PublicKey,
          TlvType.Proof,
          TlvType.EncryptedData,
          TlvType.Error,
          TlvType.BackOff,
          TlvType.Method,
          TlvType.Flags,
        ),
        fc.oneof(fc.integer({ min: 0, max: 8 }), fc.uint8Array({ maxLength: 400 })),
      ),
      { selector: ([type]) => type, maxLength: 6 },
    )
    .map((items) => encodeTlv8(items)),
);

function expectOurError(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HapCryptoError);
  }
}

describe("pairing state machines under hostile input", () => {
  it("PairSetupServer answers everything with a State item and never throws", () => {
    const server = new PairSetupServer({ pairingId: "dev", ltsk: device.secretKey, pin: "1234" });
    fc.assert(
      fc.property(hostile, (message) => {
        const step = server.handle(message);
        expect(decodeTlv8Map(step.reply).has(TlvType.State)).toBe(true);
        if (step.error !== undefined) expect(step.error).toBeInstanceOf(HapCryptoError);
      }),
      { numRuns: 150 },
    );
  });

  it("PairVerifyServer answers everything with a State item and never throws", () => {
    const server = new PairVerifyServer({
      pairingId: "dev",
      ltsk: device.secretKey,
      lookupController: () => undefined,
    });
    fc.assert(
      fc.property(hostile, (message) => {
        const step = server.handle(message);
        expect(decodeTlv8Map(step.reply).has(TlvType.State)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("the clients throw only HapCryptoError for hostile device messages", () => {
    const credentials = hapCredentials({
      ltpk: device.publicKey,
      ltsk: ed25519.generateKeyPair().secretKey,
      atvId: new Uint8Array([1]),
      clientId: new Uint8Array([2]),
    });
    fc.assert(
      fc.property(hostile, (message) => {
        const setup = new PairSetupClient({ pin: 1234 });
        setup.start();
        expectOurError(() => setup.handleM2(message));
        const verify = new PairVerifyClient(credentials);
        verify.start();
        expectOurError(() => verify.handleM2(message));
      }),
      { numRuns: 40 },
    );
  });
});
