import { TypedEmitter } from "../events.js";
import type { CallOptions, PushUpdater, PushUpdaterEvents } from "../interfaces.js";
import type { Playing } from "../playing.js";
import { playingUpdates } from "../push-updater-base.js";
import { type FacadeState, type Relayer } from "./relayer.js";

/**
 * Starts and stops every protocol's push updater but forwards only the updates
 * of the main one (highest priority, or the protocol that took over).
 */
export class FacadePushUpdater extends TypedEmitter<PushUpdaterEvents> implements PushUpdater {
  readonly #unsubscribe: (() => void)[] = [];
  #active = false;

  constructor(
    private readonly state: FacadeState,
    private readonly relayer: Relayer<"pushUpdater">,
  ) {
    super();
  }

  /** Subscribes to every registered protocol updater (called once by the device facade). */
  attach(): void {
    for (const instance of this.relayer.instances) {
      if (!instance.on) continue;
      this.#unsubscribe.push(
        instance.on("playing", (playing) => {
          if (this.relayer.mainInstance === instance) this.emit("playing", playing);
        }),
        instance.on("error", (error) => {
          if (this.relayer.mainInstance === instance) this.emit("error", error);
        }),
      );
    }
  }

  get active(): boolean {
    this.state.guard();
    return this.#active;
  }

  start(initialDelaySeconds = 0): void {
    this.state.guard();
    this.relayer.relay("start");
    for (const instance of this.relayer.instances) instance.start?.(initialDelaySeconds);
    this.#active = true;
  }

  stop(): void {
    this.state.guard();
    this.#stopAll();
  }

  /**
   * Every update of the main protocol, for `for await`. Ends on `signal`, on
   * `break`, and when the device is closed; when the device closed because its
   * connection was lost, the pending `next()` rejects with that ConnectionLostError.
   */
  updates(options: CallOptions = {}): AsyncIterableIterator<Playing> {
    this.state.guard();
    const signal = options.signal ? AbortSignal.any([options.signal, this.state.signal]) : this.state.signal;
    const inner = playingUpdates(this, { signal });
    let lossReported = false;
    const it: AsyncIterableIterator<Playing> = {
      next: async () => {
        const result = await inner.next();
        const lost = this.state.lost;
        if (result.done && lost && !lossReported && !options.signal?.aborted) {
          lossReported = true;
          throw lost;
        }
        return result;
      },
      return: async () => {
        lossReported = true;
        return (await inner.return?.()) ?? { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  /** Stops updaters and drops every subscription (device close). */
  detach(): void {
    this.#stopAll();
    for (const u of this.#unsubscribe.splice(0)) u();
    this.removeAllListeners();
  }

  #stopAll(): void {
    for (const instance of this.relayer.instances) instance.stop?.();
    this.#active = false;
  }
}
