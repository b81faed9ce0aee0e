/**
 * Fuzzing the tunnel's decoders: arbitrary bytes and mutated valid messages, in arbitrary
 * chunkings. The only acceptable outcomes are results or typed @atv/core errors, and buffered
 * bytes stay under the limit. ≥ 100k cases per decoder (ATV_FUZZ_RUNS overrides).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAtvError } from "@atv/core";
import { encodeBinaryPlist } from "../../src/plist/index.js";
import {
  DataStreamDecoder,
  decodeMrpPayload,
  encodeDataStreamMessage,
  encodeMrpPayload,
  type DataStreamMessage,
} from "../../src/tunnel/data-stream.js";
import {
  parseDataStreamSetupRequest,
  parseRemoteControlSetupRequest,
} from "../../src/tunnel/setup-bodies.js";

/** Generous per-test timeout: 100k cases take seconds, more on a loaded CI machine. */
const TIMEOUT_MS = 300_000;
const LIMIT = 256;

function cut(data: Uint8Array, fractions: number[]): Uint8Array[] {
  const points = [...new Set(fractions.map((f) => Math.floor(f * data.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    out.push(data.subarray(last, p));
    last = p;
  }
  out.push(data.subarray(last));
  return out;
}

function typedOnly(run: () => void): void {
  try {
    run();
  } catch (error) {
    if (!isAtvError(error)) throw error;
  }
}

const message = fc.record({
  kind: fc.constantFrom("sync" as const, "rply" as const),
  command: fc.constantFrom("comm" as const, "cmnd" as const, "" as const),
  seqno: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  payload: fc.uint8Array({ maxLength: 64 }),
});

/** The tunnel's fuzz properties with `RUNS` cases for each decoder (fuzz.test.ts: 100k; fuzz.slow.test.ts: 1M). */
export function tunnelFuzzSuite(RUNS: number): void {
  describe(`tunnel fuzzing (${RUNS} cases per decoder)`, () => {
    it(
      `data-stream decoder: random and mutated bytes give messages or typed errors (${RUNS} cases)`,
      () => {
        const valid = fc
          .array(message, { minLength: 1, maxLength: 4 })
          .map((ms) => Uint8Array.from(ms.flatMap((m) => [...encodeDataStreamMessage(m)])));
        const mutated = fc
          .tuple(valid, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }))
          .map(([bytes, edits]) => {
            const copy = new Uint8Array(bytes);
            for (const [at, value] of edits) copy[at % copy.length] = value;
            return copy;
          });
        const input = fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated);
        fc.assert(
          fc.property(
            input,
            fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
            (bytes, at) => {
              const decoder = new DataStreamDecoder({ maxMessageBytes: LIMIT });
              typedOnly(() => {
                for (const chunk of cut(bytes, at)) {
                  for (const m of decoder.push(chunk))
                    expect(m.payload.length).toBeLessThanOrEqual(LIMIT - 32);
                  expect(decoder.bufferedBytes).toBeLessThan(LIMIT + bytes.length);
                }
                decoder.end();
              });
            },
          ),
          { numRuns: RUNS },
        );
      },
      TIMEOUT_MS,
    );

    it(
      `data-stream round trip in any chunking (${Math.ceil(RUNS / 10)} cases)`,
      () => {
        fc.assert(
          fc.property(
            fc.array(message, { minLength: 1, maxLength: 5 }),
            fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
            (messages: DataStreamMessage[], at) => {
              const bytes = Uint8Array.from(messages.flatMap((m) => [...encodeDataStreamMessage(m)]));
              const decoder = new DataStreamDecoder();
              const out = cut(bytes, at).flatMap((c) => decoder.push(c));
              expect(out).toEqual(messages);
            },
          ),
          { numRuns: Math.ceil(RUNS / 10) },
        );
      },
      TIMEOUT_MS,
    );

    it(
      `MRP payload decoder: random plists and bytes give frames or typed errors (${RUNS} cases)`,
      () => {
        const data = fc.oneof(
          fc.uint8Array({ maxLength: 80 }),
          fc
            .array(fc.uint8Array({ maxLength: 40 }), { maxLength: 4 })
            .map((frames) => encodeMrpPayload(frames).subarray(0)),
        );
        const payload = fc.oneof(
          fc.uint8Array({ maxLength: 120 }),
          data.map((d) => encodeBinaryPlist({ params: { data: d } })),
          fc
            .tuple(
              data.map((d) => encodeBinaryPlist({ params: { data: d } })),
              fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
            )
            .map(([bytes, edits]) => {
              const copy = new Uint8Array(bytes);
              for (const [at, value] of edits) copy[at % copy.length] = value;
              return copy;
            }),
        );
        fc.assert(
          fc.property(payload, (bytes) => {
            typedOnly(() => {
              const frames = decodeMrpPayload(bytes, { maxMessageBytes: 64, maxMessages: 16 });
              expect(frames.length).toBeLessThanOrEqual(16);
              for (const f of frames) expect(f.length).toBeLessThanOrEqual(64);
            });
          }),
          { numRuns: RUNS },
        );
      },
      TIMEOUT_MS,
    );

    it(
      `MRP payload round trip (${Math.ceil(RUNS / 10)} cases)`,
      () => {
        fc.assert(
          fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), (frames) => {
            // A first frame of 8 bytes gives data[0] = 0x08: the quirk reads the blob as one message.
            fc.pre(frames[0]?.length !== 8);
            expect(decodeMrpPayload(encodeMrpPayload(frames))).toEqual(frames);
          }),
          { numRuns: Math.ceil(RUNS / 10) },
        );
      },
      TIMEOUT_MS,
    );

    it(
      `SETUP bodies: arbitrary plist values give results or typed errors (${Math.ceil(RUNS / 10)} cases)`,
      () => {
        const { value } = fc.letrec((tie) => ({
          value: fc.oneof(
            { depthSize: "small" },
            fc.string(),
            fc.integer(),
            fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
            fc.boolean(),
            fc.array(tie("value"), { maxLength: 3 }),
            fc.dictionary(
              fc.constantFrom("streams", "type", "seed", "channelID", "name", "isRemoteControlOnly", "x"),
              tie("value"),
              { maxKeys: 4 },
            ),
          ),
        }));
        fc.assert(
          fc.property(value, (body) => {
            typedOnly(() => void parseDataStreamSetupRequest(body));
            typedOnly(() => void parseRemoteControlSetupRequest(body));
          }),
          { numRuns: Math.ceil(RUNS / 10) },
        );
      },
      TIMEOUT_MS,
    );
  });
}
