import { ConnectionLostError } from "./errors.js";

/** The abort reason as an Error (AbortSignal.abort() gives a DOMException, which is one). */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const text = typeof reason === "string" ? reason : "This operation was aborted";
  return new DOMException(text, "AbortError");
}

export interface UntilStateOptions<T> {
  readonly current: T;
  readonly target: T;
  /** Subscribes to state changes; returns the unsubscribe function. */
  onChange(listener: (next: T) => void): () => void;
  /** Subscribes to the connection closing; returns the unsubscribe function. */
  onClosed(listener: (error?: Error) => void): () => void;
  /** Message of the ConnectionLostError when the connection closes cleanly first. */
  readonly closedMessage: string;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Resolves when the state is `target` (at once if it already is); rejects with the close error
 * (or a ConnectionLostError) when the connection closes first, and with the abort reason on abort.
 * Every listener is removed when it settles.
 */
export function untilState<T>(options: UntilStateOptions<T>): Promise<void> {
  const { current, target, signal } = options;
  if (current === target) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      stopState();
      stopClosed();
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = (): void => {
      cleanup();
      reject(abortReason(signal));
    };
    const stopState = options.onChange((next) => {
      if (next !== target) return;
      cleanup();
      resolve();
    });
    const stopClosed = options.onClosed((error) => {
      cleanup();
      reject(error ?? new ConnectionLostError(options.closedMessage));
    });
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}
