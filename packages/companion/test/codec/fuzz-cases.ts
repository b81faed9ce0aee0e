/**
 * Shared fuzz properties for OPACK and Companion frames. The only acceptable outcomes are a
 * value or one of our typed errors; encodings round-trip.
 */
import { expect } from "vitest";
import fc from "fast-check";
import { unhex } from "@atv/test-utils";
import {
  FrameDecoder,
  FrameTooLargeError,
  MalformedFrameError,
  MalformedOpackError,
  OpackFloat,
  OpackUuid,
  decodeOpack,
  encodeFrame,
  encodeOpack,
  parseMessage,
  type OpackValue,
} from "../../src/codec/index.js";
import { companionVector } from "../vectors.js";

export function isTyped(error: unknown): boolean {
  return (
    error instanceof MalformedOpackError ||
    error instanceof MalformedFrameError ||
    error instanceof FrameTooLargeError
  );
}

const plaintexts = companionVector().exchanges.map((e) =>
  e.encrypted ? unhex(e.encrypted.plaintext_hex) : unhex(e.hex).subarray(4),
);

/** Arbitrary OPACK values (no Maps with non-string keys, so deep equality is simple). */
export const opackValue: fc.Arbitrary<OpackValue> = fc.letrec<{ value: OpackValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1, max: 39 }),
    fc.integer(),
    fc.maxSafeInteger(),
    fc.bigInt({ min: -(2n ** 127n), max: 2n ** 127n - 1n }).filter((b) => b > 2n ** 53n || b < -(2n ** 53n)),
    fc.double({ noNaN: true }).map((d) => new OpackFloat(d)),
    fc.float({ noNaN: true }).map((d) => new OpackFloat(d, 32)),
    fc.string({ maxLength: 40 }),
    fc.constantFrom("_i", "_c", "a", "com.apple.TVMusic"),
    fc.uint8Array({ maxLength: 40 }),
    fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => new OpackUuid(b)),
    fc.array(tie("value"), { maxLength: 17 }),
    fc.dictionary(
      fc.string({ maxLength: 8 }).filter((k) => !/^(0|[1-9]\d*)$/.test(k) && k !== "__proto__"),
      tie("value"),
      { maxKeys: 17 },
    ),
  ),
})).value;

function normalise(value: OpackValue): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === "bigint") return `big:${v}`;
      if (v instanceof Uint8Array) return `bytes:${Buffer.from(v).toString("hex")}`;
      if (v instanceof OpackFloat) return { float: Object.is(v.value, -0) ? "-0" : v.value, size: v.size };
      if (v instanceof OpackUuid) return `uuid:${v.toString()}`;
      return v;
    }),
  );
}

export function roundTrip(runs: number): void {
  fc.assert(
    fc.property(opackValue, fc.boolean(), (value, pointers) => {
      const bytes = encodeOpack(value, { pointers });
      const decoded = decodeOpack(bytes, { maxDepth: 1000 });
      expect(normalise(decoded)).toEqual(normalise(value));
      // A decoded value re-encodes to the same bytes when pointers are on.
      if (pointers) expect(encodeOpack(decoded)).toEqual(bytes);
    }),
    { numRuns: runs },
  );
}

function attempt(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!isTyped(error)) throw error;
  }
}

export function randomBytes(runs: number): void {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      attempt(() => parseMessage(decodeOpack(bytes)));
    }),
    { numRuns: runs },
  );
}

export function mutatedCaptures(runs: number): void {
  fc.assert(
    fc.property(
      fc.constantFrom(...plaintexts),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
      fc.nat(),
      (plain, edits, cutAt) => {
        const bytes = new Uint8Array(plain);
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        attempt(() => parseMessage(decodeOpack(bytes)));
        attempt(() => decodeOpack(bytes.subarray(0, cutAt % (bytes.length + 1))));
      },
    ),
    { numRuns: runs },
  );
}

export function frameStreams(runs: number): void {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 64 })), {
        maxLength: 6,
      }),
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.uint8Array({ maxLength: 8 }),
      (frames, cuts, junk) => {
        const whole = Uint8Array.from(frames.flatMap(([type, payload]) => [...encodeFrame(type, payload)]));
        const decoder = new FrameDecoder({ maxFrameBytes: 48 });
        const points = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
        const got: Uint8Array[] = [];
        let last = 0;
        try {
          for (const p of [...points, whole.length]) {
            for (const f of decoder.push(whole.subarray(last, p))) got.push(f.payload);
            last = p;
          }
          decoder.end();
          expect(got).toEqual(frames.map(([, payload]) => payload));
        } catch (error) {
          expect(error).toBeInstanceOf(FrameTooLargeError);
          expect(frames.some(([, payload]) => payload.length > 48)).toBe(true);
        }
        const hostile = new FrameDecoder({ maxFrameBytes: 48 });
        attempt(() => {
          hostile.push(junk);
          hostile.end();
        });
      },
    ),
    { numRuns: runs },
  );
}
