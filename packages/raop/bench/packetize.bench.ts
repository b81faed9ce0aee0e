import { bench, describe } from "vitest";
import { decodeAlacEscape, encodeAlacEscape, encodeAudioPacket } from "../src/index.js";

const pcm = new Uint8Array(1408).map((_, i) => (i * 7) & 0xff);
const frame = encodeAlacEscape(pcm);

describe("RAOP packetization (one 352-frame packet)", () => {
  bench("L16 RTP packet", () => {
    encodeAudioPacket({ marker: false, seq: 1, timestamp: 352, ssrc: 7, payload: pcm });
  });
  bench("ALAC escape encode", () => {
    encodeAlacEscape(pcm);
  });
  bench("ALAC escape decode (receiver)", () => {
    decodeAlacEscape(frame, 352);
  });
});
