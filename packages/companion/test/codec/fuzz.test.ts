/** 110k generated cases per run (1.1M with ATV_SLOW=1 in fuzz.slow.test.ts). */
import { describe, it } from "vitest";
import { frameStreams, mutatedCaptures, randomBytes, roundTrip } from "./fuzz-cases.js";

describe("fuzz: OPACK and frames", () => {
  it("round-trips arbitrary values (20k)", () => roundTrip(20_000));
  it("random bytes give a value or a typed error (40k)", () => randomBytes(40_000));
  it("mutated and truncated captured payloads give a value or a typed error (30k)", () =>
    mutatedCaptures(30_000));
  it("frame streams survive any chunking; oversize frames are refused (20k)", () => frameStreams(20_000));
});
