/**
 * PCM (big-endian s16 stereo, any chunking) → 352-frame packets, the last one zero-padded, each
 * with the number of source frames it carries. Pure data shaping, no timers.
 */
import { AudioFormatError } from "../errors.js";
import { FRAMES_PER_PACKET } from "../sdp.js";

export const BYTES_PER_FRAME = 4;
export const PACKET_PCM_BYTES = FRAMES_PER_PACKET * BYTES_PER_FRAME;

export interface PcmPacket {
  readonly pcm: Uint8Array;
  /** Source frames in it (< 352 only for the last packet). */
  readonly frames: number;
}

export async function* pcmPackets(source: AsyncIterable<Uint8Array>): AsyncGenerator<PcmPacket> {
  let pending = new Uint8Array(PACKET_PCM_BYTES);
  let filled = 0;
  for await (const chunk of source) {
    let o = 0;
    while (o < chunk.length) {
      const n = Math.min(chunk.length - o, PACKET_PCM_BYTES - filled);
      pending.set(chunk.subarray(o, o + n), filled);
      filled += n;
      o += n;
      if (filled === PACKET_PCM_BYTES) {
        yield { pcm: pending, frames: FRAMES_PER_PACKET };
        pending = new Uint8Array(PACKET_PCM_BYTES);
        filled = 0;
      }
    }
  }
  if (filled > 0) {
    if (filled % BYTES_PER_FRAME !== 0) throw new AudioFormatError("PCM stream ended inside a frame");
    yield { pcm: pending, frames: filled / BYTES_PER_FRAME };
  }
}
