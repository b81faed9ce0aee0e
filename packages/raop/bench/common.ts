/** What the RAOP bench scripts share: a real-time source of silence and summary statistics. */

/** `frames` of L16 silence in chunks of 25 packets (one buffer, reused). */
export async function* silence(frames: number): AsyncIterable<Uint8Array> {
  const chunk = new Uint8Array(352 * 4 * 25);
  for (let sent = 0; sent < frames; sent += 352 * 25) yield await Promise.resolve(chunk);
}

/** The value at percentile `p` of an ascending `sorted` list (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}

/** "min–max" of `values`. */
export function range(values: readonly number[], digits = 2): string {
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
}

/** User + system CPU of a `process.cpuUsage()` reading, in ms. */
export const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;

/**
 * The steady-state window of a measured stream: from the progress event after `warmupPackets`
 * packets (JIT and GC settled) to the first one at or past `frames` source frames (padding left
 * out). Pass `onProgress` to the stream's "progress" event; `ms` and `seconds` are NaN until both
 * ends were seen.
 */
export class SteadyCpu {
  #warm: { cpu: number; packets: number } | undefined;
  #end: { cpu: number; packets: number } | undefined;

  constructor(
    readonly frames: number,
    readonly warmupPackets = 250,
  ) {}

  readonly onProgress = (p: { packetsSent: number; framesSent: number }): void => {
    if (!this.#warm && p.packetsSent >= this.warmupPackets)
      this.#warm = { cpu: cpuMs(process.cpuUsage()), packets: p.packetsSent };
    else if (p.framesSent >= this.frames)
      this.#end ??= { cpu: cpuMs(process.cpuUsage()), packets: p.packetsSent };
  };

  /** CPU of the window, ms. */
  get ms(): number {
    return this.#warm && this.#end ? this.#end.cpu - this.#warm.cpu : NaN;
  }

  /** Seconds of audio sent in the window. */
  get seconds(): number {
    return this.#warm && this.#end ? ((this.#end.packets - this.#warm.packets) * 352) / 44100 : NaN;
  }

  /** CPU per second of audio, % of one core. */
  get percent(): number {
    return this.ms / this.seconds / 10;
  }
}
