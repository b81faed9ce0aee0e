/**
 * ALAC "uncompressed escape" frames (raop.md §9): a 23-bit header (channel-pair element, escape
 * flag), the big-endian samples, the end tag `111`, zero padding. Every ALAC decoder accepts it.
 */
import { MalformedPacketError } from "./errors.js";

/** Bytes of one escape frame for `frames` stereo 16-bit frames: ceil((23 + 32·frames + 3) / 8). */
export function alacFrameBytes(frames: number, channels = 2): number {
  return Math.ceil((23 + 16 * channels * frames + 3) / 8);
}

/**
 * Encodes big-endian interleaved 16-bit PCM (`pcmBe`, channels 1 or 2) into an escape frame.
 * Everything after the 23-bit header is shifted right by 23 bits = 2 bytes + 7 bits.
 */
export function encodeAlacEscape(pcmBe: Uint8Array, channels = 2): Uint8Array {
  const frames = pcmBe.length / (2 * channels);
  const out = new Uint8Array(alacFrameBytes(frames, channels));
  // header: element (3 bits: 001 = CPE, 000 = SCE), tag 0000, 12 zero bits, 0, 00, 1
  out[0] = channels === 2 ? 0x20 : 0x00;
  out[1] = 0x00;
  // Byte 2 holds header bits 16–22 (only the escape flag, 0x02) and the first sample bit; from then
  // on each output byte is the low 7 bits of one input byte and the top bit of the next.
  let acc = 0x01;
  let o = 2;
  for (let i = 0; i < pcmBe.length; i++) {
    const b = pcmBe[i] as number;
    out[o++] = ((acc << 1) | (b >> 7)) & 0xff;
    acc = b & 0x7f;
  }
  // remaining 7 bits + end tag 111 (3 bits) = 10 bits → 2 bytes
  const tail = (acc << 3) | 0b111; // 10 bits
  out[o++] = (tail >> 2) & 0xff;
  out[o] = (tail & 0x3) << 6;
  return out;
}

/** Decodes an escape frame (as our encoder and shairport/pyatv's old sender make it) to big-endian PCM. */
export function decodeAlacEscape(frame: Uint8Array, frames: number, channels = 2): Uint8Array {
  const bytes = frames * channels * 2;
  if (frame.length !== alacFrameBytes(frames, channels))
    throw new MalformedPacketError(
      `ALAC frame of ${frame.length} bytes, want ${alacFrameBytes(frames, channels)}`,
    );
  const element = (frame[0] as number) >> 5;
  if (element !== (channels === 2 ? 1 : 0))
    throw new MalformedPacketError("ALAC frame has an unexpected element");
  if (
    ((frame[2] as number) & 0x02) === 0 ||
    ((frame[0] as number) & 0x1f) !== 0 ||
    frame[1] !== 0 ||
    ((frame[2] as number) & 0xfc) !== 0
  )
    throw new MalformedPacketError("ALAC frame is not an uncompressed escape frame");
  const out = new Uint8Array(bytes);
  let prev = frame[2] as number;
  for (let i = 0; i < bytes; i++) {
    const next = frame[3 + i] as number;
    out[i] = ((prev & 0x01) << 7) | (next >> 1);
    prev = next;
  }
  return out;
}
