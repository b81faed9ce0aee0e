/** Mutated and truncated RTI archives (binary plists) give a result or MalformedFrameError: 20k cases. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  MalformedFrameError,
  buildClearTextPayload,
  buildInsertTextPayload,
  buildTextInputState,
  readTextInputState,
  readTextOperation,
} from "../../src/codec/index.js";

const uuid = new Uint8Array(16).fill(7);
const seeds = [
  buildTextInputState(uuid, "hello"),
  buildClearTextPayload(uuid),
  buildInsertTextPayload(uuid, "text"),
];

function attempt(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedFrameError);
  }
}

describe("fuzz: RTI archives", () => {
  it("mutated archives (20k)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (seed, edits, cut) => {
          const bytes = new Uint8Array(seed);
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          const cutBytes = bytes.subarray(0, cut % (bytes.length + 1));
          for (const input of [bytes, cutBytes]) {
            attempt(() => readTextInputState(input));
            attempt(() => readTextOperation(input));
          }
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
