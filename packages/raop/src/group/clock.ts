/**
 * The one clock of a group (raop.md §7): a monotonic NTP clock started from the wall clock once,
 * then advanced by `performance.now()` only, so it never jumps. Timing replies to every member and
 * every sync packet come from it; the timeline maps frame n of the stream to one RTP timestamp and
 * one NTP instant for all members.
 */
import { encodeSyncPacket } from "../packets.js";
import { ntpNow, ntpSplit } from "../time.js";

export const SAMPLE_RATE = 44100;
const NTP_UNITS_PER_MS = 4294967.296;

export class GroupClock {
  readonly #originNtp: bigint;
  readonly #originMs: number;

  constructor(originNtp: bigint = ntpNow(), originMs: number = performance.now()) {
    this.#originNtp = originNtp;
    this.#originMs = originMs;
  }

  /** Monotonic milliseconds (performance.now()). */
  monoMs(): number {
    return performance.now();
  }

  /** NTP (32.32) at a monotonic instant. */
  ntpAt(monoMs: number): bigint {
    return this.#originNtp + BigInt(Math.round((monoMs - this.#originMs) * NTP_UNITS_PER_MS));
  }

  /** NTP "now" on this clock: what every timing reply carries. */
  now = (): bigint => this.ntpAt(performance.now());
}

export interface TimelineOptions {
  readonly clock: GroupClock;
  /** RTP timestamp of frame 0 (any 32-bit value). */
  readonly rtpBase: number;
  /** Monotonic ms at which frame 0 is due to be sent. */
  readonly startMs: number;
  readonly latencyFrames: number;
}

/**
 * Frame n of the stream: RTP timestamp `rtpBase + n`, sent at `startMs + n / rate`, played at that
 * instant plus the latency. A sync packet states exactly this, so the same RTP timestamp maps to
 * the same NTP instant on every member (and for a late joiner).
 */
export class GroupTimeline {
  readonly clock: GroupClock;
  readonly rtpBase: number;
  readonly startMs: number;
  readonly latencyFrames: number;
  readonly #startNtp: bigint;

  constructor(o: TimelineOptions) {
    this.clock = o.clock;
    this.rtpBase = o.rtpBase >>> 0;
    this.startMs = o.startMs;
    this.latencyFrames = o.latencyFrames;
    this.#startNtp = o.clock.ntpAt(o.startMs);
  }

  rtpAt(frame: number): number {
    return (this.rtpBase + frame) >>> 0;
  }

  /** NTP instant at which frame n is due to be sent (it plays latencyFrames later). */
  ntpAt(frame: number): bigint {
    return this.#startNtp + (BigInt(frame) << 32n) / BigInt(SAMPLE_RATE);
  }

  dueMs(frame: number): number {
    return this.startMs + (frame * 1000) / SAMPLE_RATE;
  }

  /** Frames due by a monotonic instant. */
  framesDue(monoMs: number): number {
    return Math.max(0, Math.floor(((monoMs - this.startMs) * SAMPLE_RATE) / 1000));
  }

  /** The sync packet for the head at frame n (the next frame to be sent). */
  sync(frame: number, first: boolean): Uint8Array {
    const rtpTime = this.rtpAt(frame);
    const { seconds, fraction } = ntpSplit(this.ntpAt(frame));
    return encodeSyncPacket({
      first,
      rtpTimeLessLatency: (rtpTime - this.latencyFrames) >>> 0,
      ntpSeconds: seconds,
      ntpFraction: fraction,
      rtpTime,
    });
  }
}
