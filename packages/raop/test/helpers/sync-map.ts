/**
 * What a receiver was told by sync packets: the RTP timestamp to play at an NTP instant, from the
 * latest sync packet at or before it (rtpTimeLessLatency at ntp, advancing at 44.1 kHz).
 */
export interface SyncRecord {
  readonly rtpTimeLessLatency: number;
  readonly ntpSeconds: number;
  readonly ntpFraction: number;
}

const ntpOf = (s: SyncRecord): bigint => (BigInt(s.ntpSeconds >>> 0) << 32n) | BigInt(s.ntpFraction >>> 0);

/** RTP timestamp (unwrapped against `reference`) the receiver should play at `instant` (NTP 32.32). */
export function rtpToPlayAt(syncs: readonly SyncRecord[], instant: bigint): number {
  let best: SyncRecord | undefined;
  for (const s of syncs) if (ntpOf(s) <= instant && (!best || ntpOf(s) > ntpOf(best))) best = s;
  best ??= syncs[0];
  if (!best) throw new Error("no sync packet received");
  const deltaFrames = (Number(instant - ntpOf(best)) / 2 ** 32) * 44100;
  return best.rtpTimeLessLatency + deltaFrames;
}

export const ntpOfSync = ntpOf;
