import { EventEmitter } from "node:events";

/**
 * An event map: event name → listener argument tuple. Maps are interfaces with
 * exactly their events (no index signature), so a misspelt event name does not compile.
 */
export type EventMap<E = Record<string, unknown[]>> = { [K in keyof E]: unknown[] };

type Listener<A extends unknown[]> = (...args: A) => void;

/**
 * A typed wrapper around `node:events`. Listeners are held strongly (unlike
 * pyatv's weak references): remove them with `off` or the function `on` returns.
 */
export class TypedEmitter<E extends EventMap<E>> {
  readonly #emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    // Many iterators and listeners may watch one producer; do not warn at 10.
    this.#emitter.setMaxListeners(0);
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof E & string>(event: K, listener: Listener<E[K]>): () => void {
    this.#emitter.on(event, listener as (...args: unknown[]) => void);
    return () => this.off(event, listener);
  }

  once<K extends keyof E & string>(event: K, listener: Listener<E[K]>): () => void {
    this.#emitter.once(event, listener as (...args: unknown[]) => void);
    return () => this.off(event, listener);
  }

  off<K extends keyof E & string>(event: K, listener: Listener<E[K]>): void {
    this.#emitter.off(event, listener as (...args: unknown[]) => void);
  }

  listenerCount<K extends keyof E & string>(event: K): number {
    return this.#emitter.listenerCount(event);
  }

  removeAllListeners(): void {
    this.#emitter.removeAllListeners();
  }

  /**
   * Calls every listener. A listener that throws does not stop the others or
   * the producer: the error is reported on `process` as an uncaught exception would be.
   */
  protected emit<K extends keyof E & string>(event: K, ...args: E[K]): boolean {
    const listeners = this.#emitter.listeners(event) as Listener<E[K]>[];
    for (const listener of listeners) {
      try {
        listener(...args);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    return listeners.length > 0;
  }

  /**
   * Iterates over one event's payloads with `for await`. Ends when `signal`
   * aborts or the returned iterator is closed (break); at most `maxBuffered`
   * unread payloads are kept (oldest dropped first) so a slow reader cannot grow memory.
   */
  events<K extends keyof E & string>(
    event: K,
    { signal, maxBuffered = 64 }: { signal?: AbortSignal; maxBuffered?: number } = {},
  ): AsyncIterableIterator<E[K]> {
    return iterateEmitter<E, K>((l) => this.on(event, l), { maxBuffered, ...(signal ? { signal } : {}) });
  }
}

/** Builds a bounded async iterator from a subscribe function returning an unsubscribe function. */
export function iterateEmitter<E extends EventMap<E>, K extends keyof E & string>(
  subscribe: (listener: Listener<E[K]>) => () => void,
  { signal, maxBuffered = 64 }: { signal?: AbortSignal; maxBuffered?: number },
): AsyncIterableIterator<E[K]> {
  const queue: E[K][] = [];
  let waiting: ((r: IteratorResult<E[K]>) => void) | undefined;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    unsubscribe();
    signal?.removeEventListener("abort", finish);
    queue.length = 0;
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w({ value: undefined, done: true });
    }
  };
  const unsubscribe = subscribe((...args) => {
    if (done) return;
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w({ value: args, done: false });
      return;
    }
    queue.push(args);
    if (queue.length > maxBuffered) queue.shift();
  });
  if (signal?.aborted) finish();
  else signal?.addEventListener("abort", finish, { once: true });

  const iterator: AsyncIterableIterator<E[K]> = {
    next(): Promise<IteratorResult<E[K]>> {
      const value = queue.shift();
      if (value !== undefined) return Promise.resolve({ value, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return(): Promise<IteratorResult<E[K]>> {
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
