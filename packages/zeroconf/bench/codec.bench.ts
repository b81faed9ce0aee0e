/** DNS decode/encode throughput (ops/s = packets/s). Run: pnpm --filter @atv/zeroconf bench */
import { bench, describe } from "vitest";
import { decodeMessage, encodeMessage } from "../src/index.js";
import { compressedAnnouncement, pyatvResponse } from "./fixtures.js";

const decoded = decodeMessage(compressedAnnouncement);

describe("DNS codec", () => {
  bench(`decode pyatv fake response (${pyatvResponse.length} B, uncompressed)`, () => {
    decodeMessage(pyatvResponse);
  });
  bench(`decode our announcement (${compressedAnnouncement.length} B, compressed)`, () => {
    decodeMessage(compressedAnnouncement);
  });
  bench("encode our announcement (compressed)", () => {
    encodeMessage(decoded);
  });
});
