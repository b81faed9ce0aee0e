/** ATV_SLOW=1: 1.1M generated cases. */
import { describe, it } from "vitest";
import { frameStreams, mutatedCaptures, randomBytes, roundTrip } from "./fuzz-cases.js";

describe("fuzz (slow): OPACK and frames", () => {
  it("round-trips arbitrary values (200k)", { timeout: 600_000 }, () => roundTrip(200_000));
  it("random bytes (400k)", { timeout: 600_000 }, () => randomBytes(400_000));
  it("mutated captures (300k)", { timeout: 600_000 }, () => mutatedCaptures(300_000));
  it("frame streams (200k)", { timeout: 600_000 }, () => frameStreams(200_000));
});
