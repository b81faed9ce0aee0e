/** A manual clock for Pacer tests: time moves only when the test advances it. */
import type { PacerClock } from "../../src/pacer.js";

interface Timer {
  at: number;
  fn: () => void;
  cancelled: boolean;
}

export class FakeClock implements PacerClock {
  #now: number;
  #timers: Timer[] = [];
  /** Every delay a timer was armed with, in order. */
  readonly armed: number[] = [];
  fired = 0;

  constructor(start = 1000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(fn: () => void, ms: number): () => void {
    const timer: Timer = { at: this.#now + ms, fn, cancelled: false };
    this.armed.push(ms);
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  get pending(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  /**
   * Moves time to `until`, firing due timers in order (each `lateMs` after its due time, to model a
   * busy event loop) and letting promise callbacks and immediates run after each.
   */
  async advance(ms: number, lateMs = 0): Promise<void> {
    const until = this.#now + ms;
    for (;;) {
      this.#timers = this.#timers.filter((t) => !t.cancelled);
      this.#timers.sort((a, b) => a.at - b.at);
      const next = this.#timers[0];
      if (!next || next.at + lateMs > until) break;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.at + lateMs);
      this.fired++;
      next.fn();
      await settle();
    }
    this.#now = until;
    await settle();
  }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
