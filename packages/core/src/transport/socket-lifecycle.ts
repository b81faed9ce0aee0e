/**
 * The life of one connected socket as every protocol connection handles it: the first failure wins,
 * a throw while handling received bytes drops the connection, a FIN from the peer is answered with
 * FIN (and counts as a loss when requests are outstanding), the end is reported exactly once, and
 * `close()` is graceful (FIN, then wait for the peer; a reset after a grace period) and idempotent.
 */
import type { Socket } from "node:net";
import type { Logger } from "../logger.js";

export interface SocketLifecycleOptions {
  /** Bytes received. A throw drops the connection with it as the failure. */
  onData: (chunk: Buffer) => void;
  /** The peer sent FIN: flush decoders here. A throw is recorded as the failure. */
  onEnd?: () => void;
  /** Once, after the socket closed, with the first failure (`undefined`: none was seen). */
  onClose: (failure: Error | undefined) => void;
  /** Whether requests are outstanding; a FIN from the peer then counts as a loss. */
  isBusy?: () => boolean;
  /** The failure recorded for a FIN while busy. */
  busyEndMessage?: string;
  /** Turns what `onData`/`onEnd` threw into the recorded failure. Default: Errors as they are. */
  toError?: (error: unknown) => Error;
  /** Disable Nagle's algorithm. Default true. */
  noDelay?: boolean;
  /** How long close() waits for the peer's FIN before destroying the socket. Default 1 s. */
  closeGraceMs?: number;
  logger?: Logger;
  /** Label for the log line written when the connection is dropped. */
  label?: string;
}

const DEFAULT_CLOSE_GRACE_MS = 1000;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export class SocketLifecycle {
  readonly socket: Socket;
  readonly #options: SocketLifecycleOptions;
  readonly #toError: (error: unknown) => Error;
  readonly #closedPromise: Promise<void>;
  #failure: Error | undefined;
  #closing = false;
  #closed = false;

  constructor(socket: Socket, options: SocketLifecycleOptions) {
    this.socket = socket;
    this.#options = options;
    this.#toError = options.toError ?? asError;
    if (options.noDelay ?? true) socket.setNoDelay(true);
    this.#closedPromise = new Promise((resolve) => {
      socket.once("close", () => {
        if (!this.#closed) {
          this.#closed = true;
          options.onClose(this.#failure);
        }
        resolve();
      });
    });
    socket.on("error", (error) => {
      this.#failure ??= error;
    });
    socket.on("data", (chunk: Buffer) => {
      try {
        options.onData(chunk);
      } catch (error) {
        this.drop(this.#toError(error));
      }
    });
    socket.on("end", () => {
      try {
        options.onEnd?.();
      } catch (error) {
        this.#failure ??= this.#toError(error);
      }
      if (!this.#failure && options.isBusy?.()) {
        this.#failure = new Error(
          options.busyEndMessage ?? "connection closed by the peer while requests were pending",
        );
      }
      socket.end();
    });
  }

  /** The first failure seen (socket error, a throw from a handler, drop()), if any. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** close() was called. */
  get closing(): boolean {
    return this.#closing;
  }

  /** The socket has closed and `onClose` has run. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Closing or closed: nothing more may be sent. */
  get ended(): boolean {
    return this.#closed || this.#closing;
  }

  /** Records `error` as the failure unless one came first, logs it and destroys the socket. */
  drop(error: unknown): void {
    if (this.#closed) return;
    this.#failure ??= asError(error);
    this.#options.logger?.(
      "%s: dropping connection: %s",
      this.#options.label ?? "socket",
      this.#failure.message,
    );
    this.socket.destroy();
  }

  /** Drops the connection at once with a TCP reset (a vanished peer). */
  reset(): void {
    if (!this.#closed) this.socket.resetAndDestroy();
  }

  /** Destroys the socket without recording a failure. */
  destroy(): void {
    if (!this.#closed) this.socket.destroy();
  }

  /** Ends the connection gracefully (FIN, then wait for the peer); idempotent. */
  async close(): Promise<void> {
    if (!this.#closed && !this.#closing) {
      this.#closing = true;
      this.socket.end();
      const timer = setTimeout(
        () => this.socket.destroy(),
        this.#options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS,
      );
      timer.unref();
      await this.#closedPromise;
      clearTimeout(timer);
      return;
    }
    await this.#closedPromise;
  }
}
