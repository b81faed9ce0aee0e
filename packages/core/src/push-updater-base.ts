import { TypedEmitter } from "./events.js";
import type { CallOptions, PushUpdater, PushUpdaterEvents } from "./interfaces.js";
import type { Playing } from "./playing.js";

/** `for await` over an emitter's `playing` events, yielding the Playing itself. */
export function playingUpdates(
  emitter: TypedEmitter<PushUpdaterEvents>,
  options: CallOptions = {},
): AsyncIterableIterator<Playing> {
  const inner = emitter.events("playing", options);
  const it: AsyncIterableIterator<Playing> = {
    next: async () => {
      const r = await inner.next();
      return r.done ? { value: undefined, done: true } : { value: r.value[0], done: false };
    },
    return: async () => {
      await inner.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}

/**
 * What every protocol's push updater shares: active state, and `postUpdate`
 * that emits only when the Playing differs from the last one sent.
 */
export abstract class PushUpdaterBase extends TypedEmitter<PushUpdaterEvents> implements PushUpdater {
  #active = false;
  #previous: Playing | undefined;

  get active(): boolean {
    return this.#active;
  }

  start(initialDelaySeconds = 0): void {
    this.#active = true;
    this.#previous = undefined;
    this.onStart(initialDelaySeconds);
  }

  stop(): void {
    if (!this.#active) return;
    this.#active = false;
    this.#previous = undefined;
    this.onStop();
  }

  updates(options: CallOptions = {}): AsyncIterableIterator<Playing> {
    return playingUpdates(this, options);
  }

  /** Emits `playing` when active and different from the previous update. */
  protected postUpdate(playing: Playing): void {
    if (!this.#active || playing.equals(this.#previous)) return;
    this.#previous = playing;
    this.emit("playing", playing);
  }

  protected postError(error: Error): void {
    if (this.#active) this.emit("error", error);
  }

  /** Called by start(): e.g. fetch and post the current state after the delay. */
  protected abstract onStart(initialDelaySeconds: number): void;
  protected abstract onStop(): void;
}
