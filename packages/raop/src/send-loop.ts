/**
 * The streaming loop (raop.md §8): cuts PCM into 352-frame packets, sends them on a `Pacer`'s
 * schedule through an `RtpAudioSender`, then pads silence until the padding equals the latency.
 *
 * Per wake-up it sends every packet that is ready and awaits the source only when a chunk is used
 * up: no promise, closure or buffer per packet (the PCM is copied straight into the packet, through
 * one short-lived view of the source chunk).
 */
import { AudioFormatError } from "./errors.js";
import type { Pacer } from "./pacer.js";
import { PACKET_PCM_BYTES } from "./rtp-sender.js";
import { FRAMES_PER_PACKET } from "./sdp.js";

const BYTES_PER_FRAME = 4;
const EMPTY: Uint8Array = new Uint8Array(0);
/** Progress is reported every this many packets (≈ 1 s) and once when the source ends. */
export const PROGRESS_PACKETS = 125;

/** What the loop sends through: an `RtpAudioSender`, or a group's fan-out (group/fanout.ts). */
export interface PacketSink {
  /** Where the next packet's 1408 bytes of PCM go; valid until `commit()`. */
  readonly pcm: Uint8Array;
  /** Sends the packet written into `pcm`. */
  commit(): void;
  /** Packets sent so far. */
  readonly packets: number;
}

export interface SendLoopOptions {
  signal?: AbortSignal | undefined;
  /** Frames of silence sent after the source (rounded up to whole packets). */
  paddingFrames: number;
  /** Called with the source frames sent so far. */
  onProgress?: ((sourceFrames: number) => void) | undefined;
}

/**
 * Streams `pcm` (big-endian s16 stereo, any chunking) and resolves with the number of source
 * frames sent, once the last packet (padding included) is due. A pacer not yet started starts now
 * (packet 0 due at once); one already running is joined at its current packet. Aborting `signal`
 * ends the loop early without an error.
 */
export async function sendPaced(
  pcm: AsyncIterable<Uint8Array>,
  sender: PacketSink,
  pacer: Pacer,
  options: SendLoopOptions,
): Promise<number> {
  const { signal, onProgress } = options;
  const it = pcm[Symbol.asyncIterator]();
  let chunk = EMPTY;
  let offset = 0;
  let sourceEnded = false;
  let sourceFrames = 0;
  let padded = 0;
  let reported = false;
  if (!pacer.started) pacer.start();
  let next = Math.max(0, pacer.indexAt());
  try {
    for (;;) {
      if (signal?.aborted) return sourceFrames;
      const ready = pacer.ready();
      while (next < ready) {
        const out = sender.pcm;
        let filled = 0;
        while (!sourceEnded && filled < PACKET_PCM_BYTES) {
          if (offset >= chunk.length) {
            let r: IteratorResult<Uint8Array, unknown>;
            try {
              r = await it.next();
            } catch (error) {
              sourceEnded = true; // a failing source is not asked to return
              throw error;
            }
            if (r.done) sourceEnded = true;
            else {
              chunk = r.value;
              offset = 0;
            }
            if (signal?.aborted) return sourceFrames;
            continue;
          }
          const n = Math.min(chunk.length - offset, PACKET_PCM_BYTES - filled);
          // A view per packet (cheap, short-lived) buys a native copy instead of 1408 JS stores.
          out.set(n === chunk.length ? chunk : chunk.subarray(offset, offset + n), filled);
          filled += n;
          offset += n;
        }
        if (filled === PACKET_PCM_BYTES) sourceFrames += FRAMES_PER_PACKET;
        else if (filled > 0) {
          if (filled % BYTES_PER_FRAME !== 0) throw new AudioFormatError("PCM stream ended inside a frame");
          sourceFrames += filled / BYTES_PER_FRAME;
          out.fill(0, filled);
        } else {
          // Source done: silence until the padding reaches the latency.
          if (!reported) onProgress?.(sourceFrames);
          reported = true;
          if (padded >= options.paddingFrames) {
            // Packets leave up to `leadMs` early: end when the last one is due, not before.
            if (next > 0) await pacer.untilDue(next - 1, signal);
            return sourceFrames;
          }
          out.fill(0);
          padded += FRAMES_PER_PACKET;
        }
        sender.commit();
        next++;
        if (!sourceEnded && sender.packets % PROGRESS_PACKETS === 0) onProgress?.(sourceFrames);
      }
      await pacer.wait(signal);
    }
  } finally {
    if (!sourceEnded) await it.return?.();
  }
}
