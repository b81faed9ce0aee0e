/** Fuzzing the decoder: ≥ 100k random and mutated packets in CI (more in codec-fuzz.slow.test.ts). */
import fc from "fast-check";
import { describe, it } from "vitest";
import { decodesOrTypedError, mutatedPacket, randomPacket } from "./fuzz-helpers.js";

describe("decoder fuzzing", () => {
  it("60k mutated real and generated packets: a message or a DnsDecodeError, nothing else", () => {
    fc.assert(fc.property(mutatedPacket, decodesOrTypedError), { numRuns: 60_000 });
  }, 120_000);

  it("50k random packets: a message or a DnsDecodeError, nothing else", () => {
    fc.assert(fc.property(randomPacket, decodesOrTypedError), { numRuns: 50_000 });
  }, 120_000);
});
