/** Push updates: a Playing is emitted whenever the device's pushes change what the active player shows. */
import { PushUpdaterBase } from "@atv/core";
import type { MrpContext } from "../context.js";
import { buildPlaying } from "./playing.js";

export class MrpPushUpdater extends PushUpdaterBase {
  readonly #ctx: MrpContext;
  #unsubscribe: (() => void) | undefined;
  #unhook: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #generation = 0;

  constructor(ctx: MrpContext) {
    super();
    this.#ctx = ctx;
  }

  /** Posts the current state after `initialDelaySeconds`, then every change. */
  protected onStart(initialDelaySeconds: number): void {
    this.#clear();
    const generation = this.#generation;
    this.#unhook = this.#ctx.whenConnected((client) => {
      if (generation !== this.#generation) return;
      this.#unsubscribe?.();
      this.#unsubscribe = client.players.on("changed", () => this.#post());
    });
    if (initialDelaySeconds > 0) {
      this.#timer = setTimeout(() => this.#post(), initialDelaySeconds * 1000);
      this.#timer.unref();
    } else {
      queueMicrotask(() => this.#post());
    }
  }

  protected onStop(): void {
    this.#clear();
  }

  #post(): void {
    const client = this.#ctx.current;
    if (!this.active || !client) return;
    try {
      this.postUpdate(buildPlaying(client.players.playing));
    } catch (error) {
      this.postError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #clear(): void {
    this.#generation++;
    this.#unhook?.();
    this.#unhook = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
