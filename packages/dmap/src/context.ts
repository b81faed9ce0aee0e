/** Shared by the capabilities of one setup: the connected device (once connect() succeeded). */
import { InvalidStateError } from "@atv/core";
import type { DmapAppleTV } from "./apple-tv.js";

export class DmapContext {
  readonly deviceId: string | undefined;
  #current: DmapAppleTV | undefined;
  #waiters: ((atv: DmapAppleTV) => void)[] = [];

  constructor(deviceId: string | undefined) {
    this.deviceId = deviceId;
  }

  get current(): DmapAppleTV | undefined {
    return this.#current;
  }

  set current(atv: DmapAppleTV | undefined) {
    this.#current = atv;
    if (atv) for (const w of this.#waiters.splice(0)) w(atv);
  }

  /** Resolves with the device once connected (at once when it already is); rejects when `signal` aborts. */
  connected(signal?: AbortSignal): Promise<DmapAppleTV> {
    if (this.#current) return Promise.resolve(this.#current);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(signal?.reason as Error);
      };
      const waiter = (atv: DmapAppleTV): void => {
        signal?.removeEventListener("abort", onAbort);
        resolve(atv);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** The connected device; InvalidStateError before connect. */
  get atv(): DmapAppleTV {
    if (!this.current) throw new InvalidStateError("DMAP is not connected");
    return this.current;
  }
}
