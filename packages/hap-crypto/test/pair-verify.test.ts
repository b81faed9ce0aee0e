/** PairVerifyClient ↔ PairVerifyServer in-process. */
import { hex } from "@atv/test-utils";
import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  decodeTlv8Map,
  deriveMrpSessionKeys,
  ed25519,
  encodeErrorMessage,
  encodeTlv8,
  hapCredentials,
  type HapPairingCredentials,
  MessageCipher,
  PairVerifyClient,
  PairVerifyServer,
  ProtocolError,
  TlvErrorCode,
  TlvType,
} from "../src/index.js";

const device = ed25519.generateKeyPair();
const controller = ed25519.generateKeyPair();
const deviceId = new TextEncoder().encode("5D797FD3-3538-427E-A47B-A32FC6CF3A6A");
const clientId = new TextEncoder().encode("21afb275-ca13-4486-a32e-4f17b9aa74de");

function credentials(overrides: Partial<Omit<HapPairingCredentials, "kind">> = {}): HapPairingCredentials {
  return hapCredentials({
    ltpk: device.publicKey,
    ltsk: controller.secretKey,
    atvId: deviceId,
    clientId,
    ...overrides,
  });
}

function server(known: Uint8Array | null = controller.publicKey, seed = device.secretKey): PairVerifyServer {
  return new PairVerifyServer({
    pairingId: deviceId,
    ltsk: seed,
    lookupController: (id) => (hex(id) === hex(clientId) ? (known ?? undefined) : undefined),
  });
}

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("pair-verify client ↔ server", () => {
  it("verifies, agrees on the shared secret and on MRP keys in both orientations", () => {
    const s = server();
    const c = new PairVerifyClient(credentials());
    const m2 = s.handle(c.start());
    expect(m2.state).toBe(2);
    const m4 = s.handle(c.handleM2(m2.reply));
    expect(m4.error).toBeUndefined();
    const { sharedSecret } = c.handleM4(m4.reply);
    expect(hex(sharedSecret)).toBe(hex(m4.verified?.sharedSecret ?? new Uint8Array()));
    expect(hex(m4.verified?.clientId ?? new Uint8Array())).toBe(hex(clientId));

    const ours = new MessageCipher(deriveMrpSessionKeys(sharedSecret, "client"));
    const theirs = new MessageCipher(
      deriveMrpSessionKeys(m4.verified?.sharedSecret ?? new Uint8Array(32), "server"),
    );
    const hello = new TextEncoder().encode("SET_CONNECTION_STATE");
    expect(hex(theirs.decrypt(ours.encrypt(hello)))).toBe(hex(hello));
    expect(hex(ours.decrypt(theirs.encrypt(hello)))).toBe(hex(hello));
  });

  it("rejects an accessory that signs with another long-term key (bad-signature)", () => {
    const impostor = server(controller.publicKey, ed25519.generateKeyPair().secretKey);
    const c = new PairVerifyClient(credentials());
    const error = catchError(() => c.handleM2(impostor.handle(c.start()).reply));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: "AUTHENTICATION", reason: "bad-signature" });
    expect(c.state).toBe("failed");
  });

  it("rejects an accessory with another identifier (identity-mismatch)", () => {
    const c = new PairVerifyClient(credentials({ atvId: new TextEncoder().encode("another-device") }));
    expect(catchError(() => c.handleM2(server().handle(c.start()).reply))).toMatchObject({
      reason: "identity-mismatch",
    });
  });

  it("a tampered M2 fails to decrypt", () => {
    const c = new PairVerifyClient(credentials());
    const m2 = decodeTlv8Map(server().handle(c.start()).reply);
    const data = new Uint8Array(m2.get(TlvType.EncryptedData) ?? new Uint8Array());
    data[0] = (data[0] ?? 0) ^ 0x80;
    m2.set(TlvType.EncryptedData, data);
    expect(catchError(() => c.handleM2(encodeTlv8([...m2.entries()])))).toMatchObject({
      reason: "decrypt-failed",
    });
  });

  it("the server refuses unknown controllers and forged M3 signatures with Error=Authentication", () => {
    const unknown = server(null);
    const c = new PairVerifyClient(credentials());
    const step = unknown.handle(c.handleM2(unknown.handle(c.start()).reply));
    expect(step.error).toMatchObject({ reason: "unknown-peer" });
    expect(hex(step.reply)).toBe(hex(encodeErrorMessage(4, TlvErrorCode.Authentication)));
    expect(catchError(() => c.handleM4(step.reply))).toMatchObject({
      code: "AUTHENTICATION",
      reason: "rejected",
      deviceErrorCode: TlvErrorCode.Authentication,
    });

    // The server knows the client id but with another key: the client's signature does not verify.
    const wrongKey = server(ed25519.generateKeyPair().publicKey);
    const c2 = new PairVerifyClient(credentials());
    const step2 = wrongKey.handle(c2.handleM2(wrongKey.handle(c2.start()).reply));
    expect(step2.error).toMatchObject({ reason: "bad-signature" });
    expect(step2.verified).toBeUndefined();
  });

  it("replayed and reordered messages are refused", () => {
    const s = server();
    const c = new PairVerifyClient(credentials());
    const m1 = c.start();
    const m2 = s.handle(m1).reply;
    const m3 = c.handleM2(m2);
    // M3 twice: the second arrives in state idle.
    expect(s.handle(m3).error).toBeUndefined();
    expect(s.handle(m3).error).toBeInstanceOf(ProtocolError);
    // M3 replayed into a new exchange: the new ephemeral keys make it undecryptable.
    const s2 = server();
    s2.handle(new PairVerifyClient(credentials()).start());
    expect(s2.handle(m3).error).toMatchObject({ reason: "decrypt-failed" });
    // The client refuses M2 where M4 is expected, and calls out of order.
    const c2 = new PairVerifyClient(credentials());
    const s3 = server();
    const m2b = s3.handle(c2.start()).reply;
    c2.handleM2(m2b);
    expect(catchError(() => c2.handleM4(m2b))).toMatchObject({ code: "PROTOCOL" });
    expect(catchError(() => new PairVerifyClient(credentials()).handleM2(m2b))).toMatchObject({
      reason: "invalid-state",
    });
  });

  it("maps device errors in M2 and malformed input to typed errors", () => {
    const c = new PairVerifyClient(credentials());
    c.start();
    expect(catchError(() => c.handleM2(encodeErrorMessage(2, TlvErrorCode.Busy)))).toMatchObject({
      code: "AUTHENTICATION",
      reason: "device-error",
      deviceErrorCode: TlvErrorCode.Busy,
    });
    const c2 = new PairVerifyClient(credentials());
    c2.start();
    const lowOrder = encodeTlv8([
      [TlvType.State, 2],
      [TlvType.PublicKey, new Uint8Array(32)],
      [TlvType.EncryptedData, new Uint8Array(40)],
    ]);
    expect(catchError(() => c2.handleM2(lowOrder))).toMatchObject({ code: "PROTOCOL" });
    expect(
      server().handle(
        encodeTlv8([
          [TlvType.State, 1],
          [TlvType.PublicKey, new Uint8Array(31)],
        ]),
      ).error,
    ).toBeInstanceOf(ProtocolError);
    expect(() => new PairVerifyClient({ kind: "transient" } as unknown as HapPairingCredentials)).toThrow(
      TypeError,
    );
  });

  it("zeroes its secrets after completion", () => {
    const s = server();
    const creds = credentials();
    const c = new PairVerifyClient(creds);
    const { sharedSecret } = c.handleM4(s.handle(c.handleM2(s.handle(c.start()).reply)).reply);
    expect(sharedSecret.some((b) => b !== 0)).toBe(true);
    expect(creds.ltsk.some((b) => b !== 0)).toBe(true); // the caller's credentials are untouched
    expect(c.state).toBe("done");
  });
});
