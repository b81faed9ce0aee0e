/** ATV_SLOW=1: the DMAP decoder and playstatus mapping on 2M random bodies. */
import { it } from "vitest";
import fc from "fast-check";
import { isAtvError } from "@atv/core";
import { decodeDmap } from "../../src/codec/index.js";
import { buildPlaying } from "../../src/playing.js";

it("random bytes (2M): a result or a typed error", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), (data) => {
      try {
        buildPlaying(decodeDmap(data));
      } catch (error) {
        if (!isAtvError(error)) throw error;
      }
    }),
    { numRuns: 2_000_000 },
  );
}, 600_000);
