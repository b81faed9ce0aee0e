/**
 * Real-time pacing of RTP audio (raop.md §8.3) that wakes once per tick, not once per packet.
 *
 * Packet `i` (counted from the pacer's origin) is due at `origin + i × framesPerPacket / rate`,
 * computed from the index on a monotonic clock every time, so no error accumulates. On each
 * wake-up a sender sends every packet whose due time is at most `leadMs` ahead of now
 * (`ready()`), then `wait()`s for the next tick. Receivers buffer 1.5–2 s, so packets a few ms
 * early are harmless; with `leadMs > tickMs` every packet leaves before it is due unless the
 * event loop wakes more than `leadMs − tickMs` late.
 *
 * One pacer may drive several senders (a multi-room group): all waiters of a tick share one
 * timer, and ticks sit on a grid `origin + k × tickMs` (a late wake-up does not shift the next).
 */

/** The time source of a pacer; tests pass a fake one. */
export interface PacerClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds; the returned function cancels that. */
  setTimer(fn: () => void, ms: number): () => void;
}

/** `performance.now()` and `setTimeout`. */
export const monotonicClock: PacerClock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export interface PacerOptions {
  /** Default 44100. */
  sampleRate?: number;
  /** Default 352. */
  framesPerPacket?: number;
  /** Wake-up interval in ms. Default 200 (5 wake-ups per second instead of pyatv's 125). */
  tickMs?: number;
  /** How far ahead of its due time a packet may be sent, in ms. Default `tickMs + 15`. */
  leadMs?: number;
  clock?: PacerClock;
}

/**
 * 200 ms: each wake-up of an idle process costs far more than the sends it makes (on the 2-core VM
 * the bench runs on, an empty 20 Hz timer alone costs ~0.4 % of a core; in paired runs a 200 ms
 * tick cost 0.45 % of a core against 0.63 % for 100 ms, same sends), so fewer, larger bursts are
 * cheaper. Receivers buffer at least their latency (≥ 250 ms for AirPlay 2, 1.5–2 s for AirPlay 1;
 * shairport-sync holds ~8 s), so packets up to 215 ms early are harmless.
 */
export const DEFAULT_TICK_MS = 200;
const DEFAULT_SLACK_MS = 15;

interface Waiter {
  resolve: () => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export class Pacer {
  readonly sampleRate: number;
  readonly framesPerPacket: number;
  readonly tickMs: number;
  readonly leadMs: number;
  /** Milliseconds per packet (352 / 44100 s ≈ 7.98 ms). */
  readonly packetMs: number;
  readonly #clock: PacerClock;
  #origin: number | undefined;
  #waiters: Waiter[] = [];
  #cancel: (() => void) | undefined;

  constructor(options: PacerOptions = {}) {
    this.sampleRate = options.sampleRate ?? 44100;
    this.framesPerPacket = options.framesPerPacket ?? 352;
    this.tickMs = options.tickMs ?? DEFAULT_TICK_MS;
    this.leadMs = options.leadMs ?? this.tickMs + DEFAULT_SLACK_MS;
    this.#clock = options.clock ?? monotonicClock;
    for (const [name, v] of [
      ["sampleRate", this.sampleRate],
      ["framesPerPacket", this.framesPerPacket],
      ["tickMs", this.tickMs],
    ] as const)
      if (!Number.isFinite(v) || v <= 0) throw new RangeError(`pacer ${name} ${v} is not positive`);
    if (!Number.isFinite(this.leadMs) || this.leadMs < 0)
      throw new RangeError(`pacer leadMs ${this.leadMs} is negative`);
    this.packetMs = (this.framesPerPacket * 1000) / this.sampleRate;
  }

  get clock(): PacerClock {
    return this.#clock;
  }

  /** The clock time packet 0 is due at; undefined until `start()`. */
  get origin(): number | undefined {
    return this.#origin;
  }

  get started(): boolean {
    return this.#origin !== undefined;
  }

  /** Fixes packet 0's due time (default now). Throws if already started. */
  start(origin: number = this.#clock.now()): void {
    if (this.#origin !== undefined) throw new Error("pacer already started");
    this.#origin = origin;
  }

  #started(): number {
    if (this.#origin === undefined) throw new Error("pacer not started");
    return this.#origin;
  }

  /** When packet `index` is due, on the pacer's clock. */
  dueAt(index: number): number {
    return this.#started() + (index * this.framesPerPacket * 1000) / this.sampleRate;
  }

  /** Index of the packet due at `now` (the last one whose due time has passed); −1 before the origin. */
  indexAt(now: number = this.#clock.now()): number {
    return Math.floor(((now - this.#started()) * this.sampleRate) / (1000 * this.framesPerPacket));
  }

  /** How many packets (indices 0 … n−1) may have been sent by `now`: due time ≤ now + lead. */
  ready(now: number = this.#clock.now()): number {
    return Math.max(0, this.indexAt(now + this.leadMs) + 1);
  }

  /**
   * Resolves at the next tick (or at once when `signal` is aborted; no error). Every caller waiting
   * for the same tick shares one timer.
   */
  wait(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    const origin = this.#started();
    return new Promise<void>((resolve) => {
      const waiter: Waiter = {
        resolve,
        signal,
        onAbort: () => {
          const i = this.#waiters.indexOf(waiter);
          if (i >= 0) this.#waiters.splice(i, 1);
          if (this.#waiters.length === 0) this.#stopTimer();
          resolve();
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
      if (this.#cancel) return;
      const now = this.#clock.now();
      const next = origin + (Math.floor((now - origin) / this.tickMs) + 1) * this.tickMs;
      this.#cancel = this.#clock.setTimer(() => this.#tick(), Math.max(1, next - now));
    });
  }

  #stopTimer(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }

  #tick(): void {
    this.#cancel = undefined;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) {
      w.signal?.removeEventListener("abort", w.onAbort);
      w.resolve();
    }
  }

  /**
   * Resolves when packet `index` is due (at once if it already is, or when `signal` is aborted; no
   * error). A sender that ran ahead by up to `leadMs` waits with this for its last packet's due
   * time, so a stream ends when the receiver plays it, not `leadMs` earlier.
   */
  untilDue(index: number, signal?: AbortSignal): Promise<void> {
    const delay = this.dueAt(index) - this.#clock.now();
    if (delay <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        cancel();
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const cancel = this.#clock.setTimer(done, delay);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  /** Releases every waiter and cancels the timer (the pacer may be waited on again). */
  stop(): void {
    this.#stopTimer();
    this.#tick();
  }
}
