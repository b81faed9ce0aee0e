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
