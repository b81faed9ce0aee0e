/** The long fuzz run (ATV_SLOW=1): 2 million packets. */
import fc from "fast-check";
import { describe, it } from "vitest";
import { decodesOrTypedError, mutatedPacket, randomPacket } from "./fuzz-helpers.js";

describe("decoder fuzzing (slow)", () => {
  it("1.5M mutated packets", () => {
    fc.assert(fc.property(mutatedPacket, decodesOrTypedError), { numRuns: 1_500_000 });
  }, 1_800_000);

  it("500k random packets", () => {
    fc.assert(fc.property(randomPacket, decodesOrTypedError), { numRuns: 500_000 });
  }, 1_800_000);
});
