/** PairSetupClient ↔ PairSetupServer in-process: success, wrong PIN, tampering, replay, reorder, refusals. */
import { hex } from "@atv/test-utils";
import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  chacha20Poly1305Seal,
  decodePairSetupM2,
  decodePairSetupM3,
  decodePairSetupM4,
  encodePairSetupM1,
  encodePairSetupM2,
  encodePairSetupM3,
  encodePairSetupM5,
  encodePairSetupM4,
  encodePairSetupM6,
  encodeSubTlv,
  hkdfSha512,
  PairingKdf,
  pairingNonce,
  SrpClient,
  SrpServer,
  BackOffError,
  decodeTlv8Map,
  deriveHapSessionKeys,
  ed25519,
  encodeErrorMessage,
  encodeTlv8,
  formatCredentials,
  PairingError,
  PairSetupClient,
  PairSetupServer,
  parseCredentials,
  ProtocolError,
  TlvErrorCode,
  TlvType,
} from "../src/index.js";

const deviceSeed = new Uint8Array(32).fill(7);
const deviceId = "AA:BB:CC:DD:EE:FF";

function server(extra: Partial<ConstructorParameters<typeof PairSetupServer>[0]> = {}): PairSetupServer {
  return new PairSetupServer({ pairingId: deviceId, ltsk: deviceSeed, pin: "1234", ...extra });
}

/** Flips one bit of the value of the item of `type` in a TLV8 message. */
function tamper(message: Uint8Array, type: number, index = 0): Uint8Array {
  const map = decodeTlv8Map(message);
  const value = new Uint8Array(map.get(type) ?? new Uint8Array());
  value[index] = (value[index] ?? 0) ^ 0x01;
  map.set(type, value);
  return encodeTlv8([...map.entries()]);
}

describe("pair-setup client ↔ server", () => {
  it("pairs and both sides agree on identities and keys", () => {
    const s = server();
    const c = new PairSetupClient({ pairingId: "controller-1", pin: 1234 });
    const m2 = s.handle(c.start());
    expect(m2.state).toBe(2);
    const m4 = s.handle(c.handleM2(m2.reply));
    expect(m4.error).toBeUndefined();
    const m6 = s.handle(c.handleM4(m4.reply));
    expect(m6.error).toBeUndefined();
    const { credentials } = c.handleM6(m6.reply);

    expect(c.state).toBe("done");
    expect(s.state).toBe("idle");
    expect(hex(credentials.ltpk)).toBe(hex(ed25519.getPublicKey(deviceSeed)));
    expect(Buffer.from(credentials.atvId).toString()).toBe(deviceId);
    expect(Buffer.from(credentials.clientId).toString()).toBe("controller-1");
    expect(hex(m6.paired?.clientLtpk ?? new Uint8Array())).toBe(hex(ed25519.getPublicKey(credentials.ltsk)));
    expect(Buffer.from(m6.paired?.clientId ?? []).toString()).toBe("controller-1");
    expect(parseCredentials(formatCredentials(credentials))).toEqual(credentials);
  });

  it("takes the PIN at M2 when the constructor had none, zero-padding numbers", () => {
    const s = server({ pin: "0042" });
    const c = new PairSetupClient();
    const m2 = s.handle(c.start()).reply;
    expect(() => c.handleM2(m2)).toThrow(TypeError);
    expect(c.state).toBe("awaiting-m2");
    const m4 = s.handle(c.handleM2(m2, 42));
    expect(m4.error).toBeUndefined();
    expect(c.handleM6(s.handle(c.handleM4(m4.reply)).reply).credentials.kind).toBe("hap");
  });

  it("a server PIN function gives a fresh PIN for every M1", () => {
    const pins = ["1111", "2222"];
    const s = server({ pin: () => pins.shift() ?? "0000" });
    const first = new PairSetupClient({ pin: "2222" });
    expect(s.handle(first.handleM2(s.handle(first.start()).reply)).error?.reason).toBe("wrong-pin");
    const second = new PairSetupClient({ pin: "2222" });
    expect(s.handle(second.handleM2(s.handle(second.start()).reply)).error).toBeUndefined();
  });

  it("wrong PIN: the server answers Error=Authentication and the client throws wrong-pin", () => {
    const s = server();
    const c = new PairSetupClient({ pin: "9999" });
    const m4 = s.handle(c.handleM2(s.handle(c.start()).reply));
    expect(m4.error).toBeInstanceOf(PairingError);
    expect(m4.error?.reason).toBe("wrong-pin");
    expect(s.failedAttempts).toBe(1);
    const error = catchError(() => c.handleM4(m4.reply));
    expect(error).toBeInstanceOf(PairingError);
    expect(error).toMatchObject({
      code: "PAIRING",
      reason: "wrong-pin",
      deviceErrorCode: TlvErrorCode.Authentication,
    });
    expect(c.state).toBe("failed");
    expect(() => c.handleM4(m4.reply)).toThrow(/invalid-state|cannot/);
  });

  it("wrong PIN with a BackOff item carries the back-off seconds", () => {
    const c = new PairSetupClient({ pin: 1 });
    const s = server();
    c.handleM2(s.handle(c.start()).reply);
    const error = catchError(() => c.handleM4(encodeErrorMessage(4, TlvErrorCode.Authentication, 30)));
    expect(error).toMatchObject({ reason: "wrong-pin", deviceErrorCode: 2, backOffSeconds: 30 });
  });

  it("a server that does not know the PIN cannot forge M4 (bad-proof)", () => {
    const c = new PairSetupClient({ pin: 1234 });
    const honest = server();
    const m3 = c.handleM2(honest.handle(c.start()).reply);
    const m4 = honest.handle(m3).reply;
    const error = catchError(() => c.handleM4(tamper(m4, TlvType.Proof)));
    expect(error).toMatchObject({ code: "PAIRING", reason: "bad-proof" });
  });

  it("a tampered M6 fails to decrypt; a re-signed M6 with the wrong key fails its signature", () => {
    for (const mutate of ["ciphertext", "signature"] as const) {
      const s = server();
      const c = new PairSetupClient({ pin: 1234 });
      const m4 = s.handle(c.handleM2(s.handle(c.start()).reply)).reply;
      const m6 = s.handle(c.handleM4(m4)).reply;
      if (mutate === "ciphertext") {
        expect(catchError(() => c.handleM6(tamper(m6, TlvType.EncryptedData, 5)))).toMatchObject({
          reason: "decrypt-failed",
        });
      } else {
        // A device that knows the PIN (so it gets through M4) but signs M6 with another key while
        // claiming the honest device's LTPK.
        expect(catchError(() => forgedM6Exchange(new Uint8Array(32).fill(9)))).toMatchObject({
          code: "PAIRING",
          reason: "bad-signature",
        });
        // Control: the same hand-built exchange signed with the right key succeeds.
        expect(forgedM6Exchange(deviceSeed).credentials.kind).toBe("hap");
      }
    }
  });

  it("the server rejects a tampered M5", () => {
    const s = server();
    const c = new PairSetupClient({ pin: 1234 });
    const m4 = s.handle(c.handleM2(s.handle(c.start()).reply)).reply;
    const m5 = c.handleM4(m4);
    const step = s.handle(tamper(m5, TlvType.EncryptedData, 3));
    expect(step.error).toMatchObject({ reason: "decrypt-failed" });
    expect(hex(step.reply)).toBe(hex(encodeErrorMessage(6, TlvErrorCode.Authentication)));
  });

  it("the server rejects an M5 signed with a key other than the LTPK it carries", () => {
    const s = server();
    const salt = decodePairSetupM2(s.handle(encodePairSetupM1({ method: 0 })).reply);
    const srp = new SrpClient({ salt: salt.salt, password: "1234" });
    srp.setServerPublicKey(salt.publicKey);
    const m4 = s.handle(encodePairSetupM3({ publicKey: srp.publicKey, proof: srp.proof }));
    expect(srp.verifyServerProof(decodePairSetupM4(m4.reply).proof)).toBe(true);
    const k = srp.sessionKey;
    const controllerX = hkdfSha512(
      k,
      PairingKdf.SetupControllerSign.salt,
      PairingKdf.SetupControllerSign.info,
    );
    const id = new TextEncoder().encode("controller");
    const claimed = ed25519.generateKeyPair();
    const other = ed25519.generateKeyPair();
    const signature = ed25519.sign(
      Uint8Array.from([...controllerX, ...id, ...claimed.publicKey]),
      other.secretKey,
    );
    const inner = encodeSubTlv({ identifier: id, publicKey: claimed.publicKey, signature });
    const encryptKey = hkdfSha512(k, PairingKdf.SetupEncrypt.salt, PairingKdf.SetupEncrypt.info);
    const m5 = encodePairSetupM5({
      encryptedData: chacha20Poly1305Seal(encryptKey, pairingNonce("PS-Msg05"), inner),
    });
    const step = s.handle(m5);
    expect(step.error).toMatchObject({ code: "PAIRING", reason: "bad-signature" });
    expect(step.paired).toBeUndefined();
    expect(hex(step.reply)).toBe(hex(encodeErrorMessage(6, TlvErrorCode.Authentication)));
  });

  it("replayed and reordered messages are refused on both sides", () => {
    const s = server();
    const c = new PairSetupClient({ pin: 1234 });
    const m1 = c.start();
    const m2 = s.handle(m1).reply;
    const m3 = c.handleM2(m2);
    // Reordered: M5-state message before M3 is answered with an error and resets the server.
    const early = s.handle(
      encodeTlv8([
        [TlvType.State, 5],
        [TlvType.EncryptedData, new Uint8Array(32)],
      ]),
    );
    expect(early.error).toBeInstanceOf(ProtocolError);
    expect(decodeTlv8Map(early.reply).get(TlvType.Error)?.[0]).toBe(TlvErrorCode.Unknown);
    expect(s.handle(m3).error).toBeInstanceOf(ProtocolError); // the exchange was reset

    // Client side: a replayed M2 where M4 is expected.
    const s2 = server();
    const c2 = new PairSetupClient({ pin: 1234 });
    const m2b = s2.handle(c2.start()).reply;
    c2.handleM2(m2b);
    expect(catchError(() => c2.handleM4(m2b))).toMatchObject({
      code: "PROTOCOL",
      message: /expected M4, got M2/,
    });

    // A replayed M3 from an earlier exchange fails the proof (new salt and B).
    const s3 = server();
    const c3 = new PairSetupClient({ pin: 1234 });
    s3.handle(c3.start());
    expect(s3.handle(m3).error).toMatchObject({ reason: "wrong-pin" });
  });

  it("a new M1 restarts the server's exchange", () => {
    const s = server();
    const first = new PairSetupClient({ pin: 1234 });
    first.handleM2(s.handle(first.start()).reply);
    const second = new PairSetupClient({ pin: 1234 });
    const m4 = s.handle(second.handleM2(s.handle(second.start()).reply));
    expect(m4.error).toBeUndefined();
  });

  it("device errors in M2 map to BackOffError / PairingError with the device's code", () => {
    const busy = server({ refuse: () => ({ error: TlvErrorCode.Busy }) });
    const c = new PairSetupClient({ pin: 1234 });
    const error = catchError(() => c.handleM2(busy.handle(c.start()).reply));
    expect(error).toMatchObject({
      code: "PAIRING",
      reason: "device-error",
      deviceErrorCode: TlvErrorCode.Busy,
    });

    const backoff = server({ refuse: () => ({ error: TlvErrorCode.BackOff, backOffSeconds: 120 }) });
    const c2 = new PairSetupClient({ pin: 1234 });
    const error2 = catchError(() => c2.handleM2(backoff.handle(c2.start()).reply));
    expect(error2).toBeInstanceOf(BackOffError);
    expect(error2).toMatchObject({ code: "BACK_OFF", backOffSeconds: 120, deviceErrorCode: 3 });
    expect((error2 as unknown as Record<symbol, unknown>)[Symbol.for("atv.error")]).toBe(true);
  });

  it("after maxFailedAttempts wrong PINs the server answers MaxTries", () => {
    const s = server({ maxFailedAttempts: 2 });
    for (let i = 0; i < 2; i++) {
      const c = new PairSetupClient({ pin: 1 });
      expect(s.handle(c.handleM2(s.handle(c.start()).reply)).error?.reason).toBe("wrong-pin");
    }
    const c = new PairSetupClient({ pin: 1234 });
    const error = catchError(() => c.handleM2(s.handle(c.start()).reply));
    expect(error).toMatchObject({ deviceErrorCode: TlvErrorCode.MaxTries });
  });

  it("malformed messages get typed errors, never crashes", () => {
    const s = server();
    for (const bad of [
      new Uint8Array([6]),
      encodeTlv8([[TlvType.Method, 0]]),
      encodeTlv8([[TlvType.State, 9]]),
    ]) {
      const step = s.handle(bad);
      expect(step.error).toBeInstanceOf(ProtocolError);
      expect(decodeTlv8Map(step.reply).has(TlvType.Error)).toBe(true);
    }
    const c = new PairSetupClient({ pin: 1234 });
    c.start();
    const shortSalt = encodeTlv8([
      [TlvType.State, 2],
      [TlvType.Salt, new Uint8Array(4)],
      [TlvType.PublicKey, new Uint8Array(384).fill(1)],
    ]);
    expect(catchError(() => c.handleM2(shortSalt))).toMatchObject({ code: "PROTOCOL", message: /Salt/ });
    const c2 = new PairSetupClient({ pin: 1234 });
    c2.start();
    const zeroB = encodeTlv8([
      [TlvType.State, 2],
      [TlvType.Salt, new Uint8Array(16)],
      [TlvType.PublicKey, new Uint8Array(384)],
    ]);
    expect(catchError(() => c2.handleM2(zeroB))).toMatchObject({ code: "PROTOCOL", message: /B is invalid/ });
  });

  it("transient pair-setup stops after M4 with the same secret on both sides", () => {
    const s = server({ allowTransient: true });
    const c = new PairSetupClient({ transient: true });
    const m1 = c.start();
    expect(decodeTlv8Map(m1).get(TlvType.Flags)?.[0]).toBe(0x10);
    const step = s.handle(c.handleM2(s.handle(m1).reply));
    expect(step.error).toBeUndefined();
    const { sharedSecret } = c.handleM4Transient(step.reply);
    expect(sharedSecret.length).toBe(64);
    expect(hex(sharedSecret)).toBe(hex(step.transient?.sharedSecret ?? new Uint8Array()));
    expect(hex(deriveHapSessionKeys(sharedSecret, "client").writeKey)).toBe(
      hex(deriveHapSessionKeys(step.transient?.sharedSecret ?? new Uint8Array(64), "server").readKey),
    );
    expect(c.state).toBe("done");
  });

  it("transient pair-setup is refused unless allowed, and the steps cannot be mixed", () => {
    const s = server();
    const c = new PairSetupClient({ transient: true });
    expect(catchError(() => c.handleM2(s.handle(c.start()).reply))).toMatchObject({
      deviceErrorCode: TlvErrorCode.Unavailable,
    });
    const normal = new PairSetupClient({ pin: 1234 });
    expect(() => normal.handleM4Transient(new Uint8Array())).toThrow(PairingError);
    expect(() => new PairSetupClient({ transient: true }).handleM4(new Uint8Array())).toThrow(
      /handleM4Transient/,
    );
  });

  it("errors carry the atv brand and stable codes", () => {
    const error = new AuthenticationError("x", { reason: "rejected" });
    expect(error.code).toBe("AUTHENTICATION");
    expect(error.name).toBe("AuthenticationError");
    expect((error as unknown as Record<symbol, unknown>)[Symbol.for("atv.error")]).toBe(true);
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

/** Runs pair-setup against a hand-built device (public primitives only) whose M6 is signed with `signingSeed`. */
function forgedM6Exchange(signingSeed: Uint8Array): ReturnType<PairSetupClient["handleM6"]> {
  const salt = new Uint8Array(16).fill(3);
  const srp = new SrpServer({ salt, password: "1234" });
  const c = new PairSetupClient({ pin: 1234 });
  c.start();
  const m3 = decodePairSetupM3(c.handleM2(encodePairSetupM2({ salt, publicKey: srp.publicKey })));
  srp.setClientPublicKey(m3.publicKey);
  expect(srp.verifyClientProof(m3.proof)).toBe(true);
  c.handleM4(encodePairSetupM4({ proof: srp.proof }));
  const k = srp.sessionKey;
  const encryptKey = hkdfSha512(k, PairingKdf.SetupEncrypt.salt, PairingKdf.SetupEncrypt.info);
  const accessoryX = hkdfSha512(k, PairingKdf.SetupAccessorySign.salt, PairingKdf.SetupAccessorySign.info);
  const id = new TextEncoder().encode(deviceId);
  const ltpk = ed25519.getPublicKey(deviceSeed);
  const signature = ed25519.sign(Uint8Array.from([...accessoryX, ...id, ...ltpk]), signingSeed);
  const inner = encodeSubTlv({ identifier: id, publicKey: ltpk, signature });
  return c.handleM6(
    encodePairSetupM6({ encryptedData: chacha20Poly1305Seal(encryptKey, pairingNonce("PS-Msg06"), inner) }),
  );
}
