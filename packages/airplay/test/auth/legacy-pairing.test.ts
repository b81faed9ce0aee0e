/** Our legacy pairing client against our device side (bodies handed across in-process). */
import { ed25519, formatCredentials, parseCredentials } from "@atv/hap-crypto";
import { describe, expect, it } from "vitest";
import {
  LEGACY_PAIR_SETUP_PATH,
  LEGACY_PAIR_VERIFY_PATH,
  LEGACY_PIN_START_PATH,
  type LegacyCredentials,
  LegacyPairingError,
  LegacyPairSetupClient,
  LegacyPairSetupServer,
  LegacyPairVerifyClient,
  LegacyPairVerifyServer,
  LegacyVerifyError,
  MalformedLegacyMessageError,
} from "../../src/auth/legacy/index.js";
import { decodePlistDict, encodeBinaryPlist } from "../../src/plist/index.js";

const deviceSeed = new Uint8Array(32).fill(0x42);
const equal = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

function device(pin?: string): {
  setup: LegacyPairSetupServer;
  verify: LegacyPairVerifyServer;
  shown: string[];
} {
  const shown: string[] = [];
  const setup = new LegacyPairSetupServer({
    seed: deviceSeed,
    onPin: (p) => shown.push(p),
    ...(pin === undefined ? {} : { pin }),
  });
  const verify = new LegacyPairVerifyServer({
    seed: deviceSeed,
    isPaired: (key) => [...setup.pairedClients.values()].some((c) => equal(c.publicKey, key)),
  });
  return { setup, verify, shown };
}

function pair(setup: LegacyPairSetupServer, pin: () => string): LegacyCredentials {
  expect(setup.handle(LEGACY_PIN_START_PATH, new Uint8Array())).toHaveLength(0);
  const client = new LegacyPairSetupClient();
  const r1 = setup.handle(LEGACY_PAIR_SETUP_PATH, client.step1());
  const r2 = setup.handle(LEGACY_PAIR_SETUP_PATH, client.step2(r1, pin()));
  const r3 = setup.handle(LEGACY_PAIR_SETUP_PATH, client.step3(r2));
  return client.finish(r3);
}

function verify(server: LegacyPairVerifyServer, credentials: LegacyCredentials): void {
  const client = new LegacyPairVerifyClient();
  const v1 = server.handle(LEGACY_PAIR_VERIFY_PATH, client.step1(credentials));
  expect(v1).toHaveLength(96);
  const v2 = server.handle(LEGACY_PAIR_VERIFY_PATH, client.step2(v1));
  client.finish(v2);
}

describe("legacy pairing, client ↔ device", () => {
  it("pairs with the PIN shown on /pair-pin-start (random 4 digits), then verifies", () => {
    const { setup, verify: verifier, shown } = device();
    const credentials = pair(setup, () => shown.at(-1) ?? "");
    expect(shown[0]).toMatch(/^[0-9]{4}$/);
    expect(credentials.kind).toBe("legacy");
    expect(formatCredentials(credentials)).toMatch(/^:[0-9a-f]{64}::[0-9a-f]{16}$/);
    const [paired] = [...setup.pairedClients.values()];
    expect(paired?.username).toBe(Buffer.from(credentials.clientId).toString("hex").toUpperCase());
    expect(equal(paired?.publicKey ?? new Uint8Array(), ed25519.getPublicKey(credentials.ltsk))).toBe(true);
    verify(verifier, credentials);
    expect(verifier.state).toBe("verified");
    // Stored and re-read credentials still verify.
    verify(verifier, parseCredentials(formatCredentials(credentials)) as LegacyCredentials);
  });

  it("the device's step-3 answer is its own Ed25519 key under the same AES-GCM key", () => {
    const { setup } = device("1234");
    setup.handle(LEGACY_PIN_START_PATH, new Uint8Array());
    const client = new LegacyPairSetupClient();
    const r1 = setup.handle(LEGACY_PAIR_SETUP_PATH, client.step1());
    const r2 = setup.handle(LEGACY_PAIR_SETUP_PATH, client.step2(r1, 1234));
    const r3 = decodePlistDict(setup.handle(LEGACY_PAIR_SETUP_PATH, client.step3(r2)));
    expect((r3["epk"] as Uint8Array).length).toBe(32);
    expect((r3["authTag"] as Uint8Array).length).toBe(16);
  });

  it("refuses a wrong PIN with LegacyPairingError(wrong-pin) and lets the client retry", () => {
    const { setup } = device("1111");
    setup.handle(LEGACY_PIN_START_PATH, new Uint8Array());
    const client = new LegacyPairSetupClient();
    const r1 = setup.handle(LEGACY_PAIR_SETUP_PATH, client.step1());
    const m3 = client.step2(r1, "1112");
    let caught: unknown;
    try {
      setup.handle(LEGACY_PAIR_SETUP_PATH, m3);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LegacyPairingError);
    expect(caught).toMatchObject({ reason: "wrong-pin", code: "PAIRING" });
    expect(setup.state).toBe("pin-shown");
    expect(setup.pairedClients.size).toBe(0);
    // Same PIN on screen, a fresh attempt with the right one works.
    const credentials = pair(setup, () => "1111");
    expect(credentials.kind).toBe("legacy");
  });

  it("rejects pair-setup without /pair-pin-start, steps out of order and an unknown path", () => {
    const { setup } = device("1234");
    const client = new LegacyPairSetupClient();
    expect(() => setup.handle(LEGACY_PAIR_SETUP_PATH, client.step1())).toThrow(
      expect.objectContaining({ reason: "pin-required" }),
    );
    setup.handle(LEGACY_PIN_START_PATH, new Uint8Array());
    expect(() =>
      setup.handle(
        LEGACY_PAIR_SETUP_PATH,
        encodeBinaryPlist({ pk: new Uint8Array(256).fill(1), proof: new Uint8Array(20) }),
      ),
    ).toThrow(expect.objectContaining({ reason: "invalid-state" }));
    expect(() =>
      setup.handle(
        LEGACY_PAIR_SETUP_PATH,
        encodeBinaryPlist({ epk: new Uint8Array(32), authTag: new Uint8Array(16) }),
      ),
    ).toThrow(LegacyPairingError);
    expect(() => setup.handle("/pair-setup", new Uint8Array())).toThrow(RangeError);
    const c = new LegacyPairSetupClient();
    expect(() => c.step3(new Uint8Array())).toThrow(expect.objectContaining({ reason: "invalid-state" }));
    expect(() => c.finish()).toThrow(LegacyPairingError);
  });

  it("rejects a tampered step-3 key (decrypt-failed)", () => {
    const { setup } = device("1234");
    setup.handle(LEGACY_PIN_START_PATH, new Uint8Array());
    const client = new LegacyPairSetupClient();
    const r1 = setup.handle(LEGACY_PAIR_SETUP_PATH, client.step1());
    const r2 = setup.handle(LEGACY_PAIR_SETUP_PATH, client.step2(r1, "1234"));
    const m = decodePlistDict(client.step3(r2));
    const epk = new Uint8Array(m["epk"] as Uint8Array);
    epk[0] = (epk[0] as number) ^ 1;
    expect(() =>
      setup.handle(LEGACY_PAIR_SETUP_PATH, encodeBinaryPlist({ epk, authTag: m["authTag"] as Uint8Array })),
    ).toThrow(expect.objectContaining({ reason: "decrypt-failed" }));
    expect(setup.pairedClients.size).toBe(0);
  });

  it("pair-verify refuses an unpaired client, a bad signature and a request 2 without request 1", () => {
    const { setup, verify: verifier } = device("1234");
    const credentials = pair(setup, () => "1234");
    const stranger: LegacyCredentials = {
      kind: "legacy",
      ltsk: new Uint8Array(32).fill(9),
      clientId: new Uint8Array(8),
    };
    const c1 = new LegacyPairVerifyClient();
    expect(() => verifier.handle(LEGACY_PAIR_VERIFY_PATH, c1.step1(stranger))).toThrow(
      expect.objectContaining({ name: "LegacyVerifyError", reason: "unknown-peer", code: "AUTHENTICATION" }),
    );

    const c2 = new LegacyPairVerifyClient();
    const v1 = verifier.handle(LEGACY_PAIR_VERIFY_PATH, c2.step1(credentials));
    const request2 = c2.step2(v1);
    request2[10] = (request2[10] as number) ^ 0x01;
    expect(() => verifier.handle(LEGACY_PAIR_VERIFY_PATH, request2)).toThrow(LegacyVerifyError);
    expect(verifier.state).toBe("idle");
    expect(() => verifier.handle(LEGACY_PAIR_VERIFY_PATH, request2)).toThrow(
      expect.objectContaining({ reason: "invalid-state" }),
    );

    // A client that knows the paired Ed25519 public key but not its seed cannot forge request 2.
    const forger = new LegacyPairVerifyClient();
    const forged = forger.step1({ ...stranger });
    forged.set(ed25519.getPublicKey(credentials.ltsk), 36);
    const fv1 = verifier.handle(LEGACY_PAIR_VERIFY_PATH, forged);
    expect(() => verifier.handle(LEGACY_PAIR_VERIFY_PATH, forger.step2(fv1))).toThrow(
      expect.objectContaining({ reason: "bad-signature" }),
    );
  });

  it("malformed bodies become MalformedLegacyMessageError on both sides", () => {
    const { setup, verify: verifier } = device("1234");
    setup.handle(LEGACY_PIN_START_PATH, new Uint8Array());
    for (const body of [
      new Uint8Array(),
      new TextEncoder().encode("not a plist"),
      encodeBinaryPlist([1, 2]),
      encodeBinaryPlist({ method: "pin" }),
      encodeBinaryPlist({ method: "srp", user: "AA" }),
      encodeBinaryPlist({ unknown: 1 }),
    ]) {
      expect(() => setup.handle(LEGACY_PAIR_SETUP_PATH, body)).toThrow(MalformedLegacyMessageError);
    }
    for (const body of [
      new Uint8Array(67),
      new Uint8Array(69),
      Uint8Array.of(2, 0, 0, 0, ...new Uint8Array(64)),
    ]) {
      expect(() => verifier.handle(LEGACY_PAIR_VERIFY_PATH, body)).toThrow(MalformedLegacyMessageError);
    }
    // Client: a B of the wrong size, B = 0, a missing salt, a short verify response, a low-order X25519 key.
    const responses = [
      encodeBinaryPlist({ pk: new Uint8Array(257), salt: new Uint8Array(16) }),
      encodeBinaryPlist({ pk: new Uint8Array(256), salt: new Uint8Array(16) }),
      encodeBinaryPlist({ pk: new Uint8Array(256).fill(1) }),
    ];
    for (const r of responses) {
      const client = new LegacyPairSetupClient();
      client.step1();
      expect(() => client.step2(r, "1234")).toThrow(MalformedLegacyMessageError);
      expect(client.state).toBe("failed");
    }
    const credentials: LegacyCredentials = {
      kind: "legacy",
      ltsk: new Uint8Array(32).fill(3),
      clientId: new Uint8Array(8),
    };
    const v = new LegacyPairVerifyClient();
    v.step1(credentials);
    expect(() => v.step2(new Uint8Array(95))).toThrow(MalformedLegacyMessageError);
    const lowOrder = new LegacyPairVerifyClient();
    lowOrder.step1(credentials);
    expect(() => lowOrder.step2(new Uint8Array(96))).toThrow(MalformedLegacyMessageError);
  });

  it("checks PIN and key arguments", () => {
    expect(() => new LegacyPairSetupServer({ pin: "12a4" })).toThrow(RangeError);
    expect(() => new LegacyPairSetupClient({ seed: new Uint8Array(31) })).toThrow(RangeError);
    const client = new LegacyPairSetupClient();
    client.step1();
    expect(() => client.step2(new Uint8Array(), "")).toThrow(RangeError);
    expect(() =>
      new LegacyPairVerifyClient().step1({
        kind: "legacy",
        ltsk: new Uint8Array(3),
        clientId: new Uint8Array(8),
      }),
    ).toThrow(RangeError);
  });
});
