/** ATV_SLOW=1: the decoder fuzz with a million cases and larger inputs. */
import fc from "fast-check";
import { isAtvError } from "@atv/core";
import { expect, test } from "vitest";
import { MessageDecoder, decodePlist } from "../../src/rtsp.js";

test("decoder: 1 000 000 random inputs, chunked, yield messages or typed errors", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 1, max: 300 }), (bytes, size) => {
      const decoder = new MessageDecoder({ maxHeaderBytes: 1024, maxBodyBytes: 1024 });
      try {
        for (let i = 0; i < bytes.length; i += size) decoder.push(bytes.subarray(i, i + size));
        decoder.end();
      } catch (error) {
        if (!isAtvError(error)) throw error;
      }
      expect(decoder.bufferedBytes).toBeLessThanOrEqual(1024);
    }),
    { numRuns: 1_000_000 },
  );
}, 600_000);

test("plist decoder: 500 000 random bplist00 bodies", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      try {
        decodePlist(new Uint8Array([...Buffer.from("bplist00"), ...bytes]));
      } catch (error) {
        if (!isAtvError(error)) throw error;
      }
    }),
    { numRuns: 500_000 },
  );
}, 600_000);
