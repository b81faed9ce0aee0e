/**
 * Push updates by long-polling `playstatusupdate?revision-number=<last cmsr>` (dmap.md §6).
 * The first request uses revision 0 (immediate answer). A non-network error is reported
 * (`error`), the revision reset to 0 and polling resumed after a back-off that doubles up to
 * `maxBackOffMs`; a network error ends polling and is reported as connection lost.
 */
import { PushUpdaterBase, type Logger, createLogger } from "@atv/core";
import type { DmapContext } from "../context.js";
import { isNetworkError } from "../http/client.js";

export interface DmapPushUpdaterOptions {
  /** First back-off after an error (default 500 ms), doubled per consecutive error. */
  initialBackOffMs?: number;
  maxBackOffMs?: number;
  /** Called when the connection to the device is gone (the setup reports connectionLost). */
  onConnectionLost?: (error: Error) => void;
  logger?: Logger;
}

export class DmapPushUpdater extends PushUpdaterBase {
  readonly #ctx: DmapContext;
  readonly #options: DmapPushUpdaterOptions;
  readonly #log: Logger;
  #abort: AbortController | undefined;

  constructor(ctx: DmapContext, options: DmapPushUpdaterOptions = {}) {
    super();
    this.#ctx = ctx;
    this.#options = options;
    this.#log = options.logger ?? createLogger("atv:dmap:push");
  }

  protected onStart(initialDelaySeconds: number): void {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    void this.#poll(abort.signal, initialDelaySeconds * 1000);
  }

  protected onStop(): void {
    this.#abort?.abort();
    this.#abort = undefined;
  }

  async #poll(signal: AbortSignal, initialDelayMs: number): Promise<void> {
    let atv;
    try {
      atv = await this.#ctx.connected(signal); // started before connect: wait for it
    } catch {
      return;
    }
    atv.playstatusRevision = 0;
    const initial = this.#options.initialBackOffMs ?? 500;
    const max = this.#options.maxBackOffMs ?? 10_000;
    let backOff = 0;
    let firstCall = true;
    while (!signal.aborted) {
      try {
        // pyatv waits initial_delay before every request after the first.
        const delay = Math.max(backOff, firstCall ? 0 : initialDelayMs);
        if (delay > 0) await sleep(delay, signal);
        firstCall = false;
        const playing = await atv.playstatus(true, { signal, timeoutMs: null });
        backOff = 0;
        this.postUpdate(playing);
      } catch (error) {
        if (signal.aborted) return;
        const err = error instanceof Error ? error : new Error(String(error));
        if (isNetworkError(err)) {
          this.#log("connection lost while polling: %s", err.message);
          this.postError(err);
          this.stop();
          this.#options.onConnectionLost?.(err);
          return;
        }
        this.#log("play status error: %s", err.message);
        atv.playstatusRevision = 0;
        backOff = backOff === 0 ? initial : Math.min(max, backOff * 2);
        this.postError(err);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      reject(signal.reason as Error);
    }
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
