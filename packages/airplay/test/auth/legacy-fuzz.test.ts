/**
 * Hostile bodies for every legacy-pairing and auth-setup decoder: the device side only ever answers
 * or throws an @atv/core error, clients only throw @atv/core errors, and `parseAuthSetupResponse`
 * never throws. ~103k cases in all by default (ATV_FUZZ_RUNS scales the big properties).
 */
import { isAtvError } from "@atv/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AUTH_SETUP_PATH,
  authSetupRequestBody,
  AuthSetupServer,
  parseAuthSetupResponse,
} from "../../src/auth/auth-setup.js";
import {
  LEGACY_PAIR_SETUP_PATH,
  LEGACY_PAIR_VERIFY_PATH,
  LEGACY_PIN_START_PATH,
  LegacyPairSetupClient,
  LegacyPairSetupServer,
  LegacyPairVerifyClient,
  LegacyPairVerifyServer,
} from "../../src/auth/legacy/index.js";
import { encodeBinaryPlist, type PlistValue } from "../../src/plist/index.js";

const RUNS = Number(process.env["ATV_FUZZ_RUNS"] ?? 100_000);
const share = (fraction: number): number => Math.max(100, Math.round(RUNS * fraction));

function expectAtvError(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!isAtvError(error)) throw error;
  }
}

const value: fc.Arbitrary<PlistValue> = fc.oneof(
  { weight: 6, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.nat() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant("pin") },
  { weight: 1, arbitrary: fc.array(fc.nat(), { maxLength: 3 }) },
);
const keys = fc.constantFrom("method", "user", "pk", "salt", "proof", "epk", "authTag", "other");
/** Raw bytes, or a binary plist dictionary built from the keys the exchange uses with random values. */
const hostilePlist = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc.dictionary(keys, value, { maxKeys: 4 }).map((d) => encodeBinaryPlist(d)),
);

describe("legacy pairing decoders under hostile input", () => {
  it(`pair-setup server, any state reachable without SRP (${share(0.4)} cases)`, () => {
    const server = new LegacyPairSetupServer({ pin: "1234" });
    server.handle(LEGACY_PIN_START_PATH, new Uint8Array());
    fc.assert(
      fc.property(hostilePlist, (body) => {
        expectAtvError(() => server.handle(LEGACY_PAIR_SETUP_PATH, body));
        expect(server.pairedClients.size).toBe(0);
      }),
      { numRuns: share(0.4) },
    );
  });

  it("pair-setup server after a real step 1 (1000 cases)", () => {
    const server = new LegacyPairSetupServer({ pin: "1234" });
    server.handle(LEGACY_PIN_START_PATH, new Uint8Array());
    const step1 = new LegacyPairSetupClient().step1();
    fc.assert(
      fc.property(hostilePlist, (body) => {
        if (server.state !== "step1-done") server.handle(LEGACY_PAIR_SETUP_PATH, step1);
        expectAtvError(() => server.handle(LEGACY_PAIR_SETUP_PATH, body));
        expect(server.pairedClients.size).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it(`pair-verify server (${share(0.3)} cases)`, () => {
    const server = new LegacyPairVerifyServer({
      seed: new Uint8Array(32).fill(5),
      isPaired: (key) => (key[0] as number) < 8,
    });
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 100 }),
      fc
        .tuple(fc.constantFrom(0, 1, 2), fc.uint8Array({ minLength: 67, maxLength: 67 }))
        .map(([flag, rest]) => {
          const out = new Uint8Array(68);
          out.set(rest, 1);
          out[0] = flag;
          out[1] = out[2] = out[3] = 0;
          return out;
        }),
    );
    fc.assert(
      fc.property(body, (b) => {
        expectAtvError(() => server.handle(LEGACY_PAIR_VERIFY_PATH, b));
        expect(server.state).not.toBe("verified");
      }),
      { numRuns: share(0.3) },
    );
  });

  it(`pair-setup client step 2 (${share(0.05)} cases) and verify client step 2 (${share(0.02)} cases)`, () => {
    const seed = new Uint8Array(32).fill(7);
    fc.assert(
      fc.property(hostilePlist, (body) => {
        const client = new LegacyPairSetupClient({ seed });
        client.step1();
        expectAtvError(() => client.step2(body, "1234"));
      }),
      { numRuns: share(0.05) },
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 120 }), fc.uint8Array({ minLength: 96, maxLength: 96 })),
        (body) => {
          const client = new LegacyPairVerifyClient();
          client.step1({ kind: "legacy", ltsk: seed, clientId: new Uint8Array(8) });
          expectAtvError(() => client.step2(body));
        },
      ),
      { numRuns: share(0.02) },
    );
  });

  it(`auth-setup: response description never throws, device answers or throws ours (${share(0.2)} + ${share(0.05)} cases)`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1200 }), (body) => {
        const info = parseAuthSetupResponse(body);
        expect(info.length).toBe(body.length);
      }),
      { numRuns: share(0.2) },
    );
    const server = new AuthSetupServer();
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.constant(authSetupRequestBody())), (body) => {
        expectAtvError(() => server.handle(AUTH_SETUP_PATH, body));
      }),
      { numRuns: share(0.05) },
    );
  });
});
