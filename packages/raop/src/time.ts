/** NTP/RTP time math of RAOP (raop.md §7). NTP values are 64-bit fixed point (32.32) as bigint. */

/** Seconds between 1900-01-01 (NTP epoch) and 1970-01-01 (Unix epoch). */
export const NTP_EPOCH_OFFSET = 2208988800n;

/** NTP time for a Unix time in microseconds. */
export function ntpFromUnixMicros(micros: bigint): bigint {
  const seconds = micros / 1_000_000n;
  const fraction = ((micros % 1_000_000n) << 32n) / 1_000_000n;
  return ((seconds + NTP_EPOCH_OFFSET) << 32n) | fraction;
}

/** NTP "now" from the wall clock. */
export function ntpNow(): bigint {
  const ms = Date.now();
  const subMs = BigInt(Math.floor((performance.now() % 1) * 1000));
  return ntpFromUnixMicros(BigInt(ms) * 1000n + subMs);
}

export function ntpSplit(ntp: bigint): { seconds: number; fraction: number } {
  return { seconds: Number((ntp >> 32n) & 0xffffffffn), fraction: Number(ntp & 0xffffffffn) };
}

export function ntpJoin(seconds: number, fraction: number): bigint {
  return (BigInt(seconds >>> 0) << 32n) | BigInt(fraction >>> 0);
}

/** NTP → RTP timestamp (frames): ((ntp >> 16) × rate) >> 16. */
export function ntpToTs(ntp: bigint, rate: number): bigint {
  return ((ntp >> 16n) * BigInt(rate)) >> 16n;
}

/** RTP timestamp (frames) → NTP: ((ts << 16) ÷ rate) << 16. */
export function tsToNtp(ts: bigint, rate: number): bigint {
  return ((ts << 16n) / BigInt(rate)) << 16n;
}

/** NTP → milliseconds: ((ntp >> 10) × 1000) >> 22. */
export function ntpToMs(ntp: bigint): bigint {
  return ((ntp >> 10n) * 1000n) >> 22n;
}

/** Frames → milliseconds at a rate, as pyatv computes positions. */
export function tsToMs(ts: bigint, rate: number): number {
  return Number(ntpToMs(tsToNtp(ts, rate)));
}
