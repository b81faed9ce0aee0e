import {
  ConnectionLostError,
  InvalidStateError,
  OperationTimeoutError,
  TypedEmitter,
  createLogger,
  type CallOptions,
  type Logger,
  abortReason,
} from "@atv/core";
import { genericMessage } from "./codec/messages.js";
import type { MessageType } from "./codec/protocol-message.js";
import { messageTypeName, newIdentifier } from "./codec/protocol-message.js";
import type { MrpTransport } from "./connection.js";
import type { ProtocolMessage } from "./gen/atv/mrp/protocol_message_pb.js";

/** Default time a request waits for its answer (pyatv: 5 s). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;
/** Default heartbeat period on direct TCP (pyatv: 30 s). */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;

export interface RequestOptions extends CallOptions {
  /** Overrides the session's request timeout for this call. */
  timeoutMs?: number;
  /**
   * Match the answer by this message type instead of by identifier, and send
   * no identifier (CRYPTO_PAIRING_MESSAGE: only one exchange is outstanding).
   */
  matchType?: MessageType;
}

export interface SessionOptions {
  requestTimeoutMs?: number;
  logger?: Logger;
}

export interface SessionEvents {
  /** A message that answers no request: a push update. */
  message: [message: ProtocolMessage];
  /** The connection ended without our close(): failure, reset or a heartbeat that went unanswered. */
  connectionLost: [error: ConnectionLostError];
  /** The device closed the connection cleanly while nothing was outstanding. */
  connectionClosed: [];
}

interface Pending {
  resolve(message: ProtocolMessage): void;
  reject(error: Error): void;
}

/** Re-exported for the capabilities that import it from here. */
export { abortReason };

/**
 * Requests and push updates over one transport: correlation by identifier
 * (or by type for pairing), per-request timeouts, per-type listeners, the
 * heartbeat, and one connection-loss report.
 *
 * States: open → (close() | loss) → closed. Once closed every pending and
 * later request rejects with ConnectionLostError.
 */
export class MrpSession extends TypedEmitter<SessionEvents> implements AsyncDisposable {
  readonly transport: MrpTransport;
  readonly #log: Logger;
  readonly #timeoutMs: number;
  readonly #byId = new Map<string, Pending>();
  readonly #byType = new Map<number, Pending>();
  readonly #listeners = new Map<number, Set<(message: ProtocolMessage) => void>>();
  #closedError: ConnectionLostError | undefined;
  readonly #closedController = new AbortController();
  #closedByUs = false;
  #lossCause: Error | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #unsubscribe: (() => void)[];

  constructor(transport: MrpTransport, options: SessionOptions = {}) {
    super();
    this.transport = transport;
    this.#log = options.logger ?? createLogger("atv:mrp:session");
    this.#timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    transport.setBusyCheck?.(() => this.pendingCount > 0);
    this.#unsubscribe = [
      transport.on("message", (message) => this.#dispatch(message)),
      transport.on("closed", (error) => this.#onClosed(error)),
    ];
  }

  get closed(): boolean {
    return this.#closedError !== undefined;
  }

  /** Aborts (with the ConnectionLostError) once the session is closed or lost: for waits that must end with it. */
  get closedSignal(): AbortSignal {
    return this.#closedController.signal;
  }

  /** Requests waiting for their answer. */
  get pendingCount(): number {
    return this.#byId.size + this.#byType.size;
  }

  /** Sends a message that expects no answer. ConnectionLostError once closed. */
  send(message: ProtocolMessage): void {
    if (this.#closedError) throw this.#closedError;
    this.transport.send(message);
  }

  /**
   * Sends `message` with a fresh identifier and resolves with the device's
   * answer. Rejects with OperationTimeoutError after the timeout, with the
   * signal's reason on abort, and with ConnectionLostError when the connection ends.
   */
  request(message: ProtocolMessage, options: RequestOptions = {}): Promise<ProtocolMessage> {
    const { signal, matchType, timeoutMs = this.#timeoutMs } = options;
    if (this.#closedError) return Promise.reject(this.#closedError);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const key = matchType ?? (message.identifier = newIdentifier());
    const table: Map<string | number, Pending> = matchType === undefined ? this.#byId : this.#byType;
    if (table.has(key)) {
      return Promise.reject(
        new InvalidStateError(`a ${messageTypeName(Number(key))} exchange is already outstanding`),
      );
    }

    return new Promise<ProtocolMessage>((resolve, reject) => {
      // setTimeout + an abort listener rather than AbortSignal.any(AbortSignal.timeout()):
      // one timer per request, cleared on answer, and nothing left for the GC to track.
      const onAbort = (): void => settle(() => reject(abortReason(signal)));
      const timer = setTimeout(() => {
        settle(() =>
          reject(
            new OperationTimeoutError(`no answer to ${messageTypeName(message.type)} within ${timeoutMs} ms`),
          ),
        );
      }, timeoutMs);
      const settle = (finish: () => void): void => {
        if (table.get(key) !== pending) return;
        table.delete(key);
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        finish();
      };
      const pending: Pending = {
        resolve: (answer) => settle(() => resolve(answer)),
        reject: (error) => settle(() => reject(error)),
      };
      table.set(key, pending);
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        this.transport.send(message);
      } catch (error) {
        pending.reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Calls `handler` for every push update of `type`; returns the unsubscribe function. */
  listen(type: MessageType, handler: (message: ProtocolMessage) => void): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /**
   * Resolves with the next push update of `type` that satisfies `predicate`
   * (e.g. the VOLUME_DID_CHANGE after a SET_VOLUME). Same timeout and abort rules as request().
   */
  waitFor(
    type: MessageType,
    predicate: (message: ProtocolMessage) => boolean = () => true,
    options: Omit<RequestOptions, "matchType"> = {},
  ): Promise<ProtocolMessage> {
    const { signal, timeoutMs = this.#timeoutMs } = options;
    if (this.#closedError) return Promise.reject(this.#closedError);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (run: () => void): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        stopListening();
        stopClose();
        run();
      };
      const onAbort = (): void => finish(() => reject(abortReason(signal)));
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new OperationTimeoutError(`no ${messageTypeName(type)} within ${timeoutMs} ms`)),
          ),
        timeoutMs,
      );
      const stopListening = this.listen(type, (message) => {
        if (predicate(message)) finish(() => resolve(message));
      });
      const stopClose = this.transport.on("closed", () =>
        finish(() => reject(this.#closedError ?? new ConnectionLostError("MRP connection closed"))),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /**
   * Sends a GENERIC_MESSAGE every `intervalMs` and waits for its answer; one
   * immediate retry on failure, then the connection is declared lost.
   */
  startHeartbeat(intervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS): void {
    this.stopHeartbeat();
    if (intervalMs <= 0 || this.closed) return;
    let running = false;
    this.#heartbeat = setInterval(() => {
      if (running) return;
      running = true;
      void this.#beat().finally(() => (running = false));
    }, intervalMs);
    this.#heartbeat.unref();
  }

  stopHeartbeat(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  /** Declares the connection lost (e.g. a failed heartbeat) and tears it down. */
  abort(cause: Error): void {
    if (this.closed) return;
    this.#lossCause ??= cause;
    void this.transport.close();
  }

  /** Closes gracefully; pending requests reject with ConnectionLostError. Idempotent. */
  async close(): Promise<void> {
    if (!this.closed) this.#closedByUs = true;
    this.stopHeartbeat();
    await this.transport.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #beat(): Promise<void> {
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (this.closed) return;
      try {
        await this.request(genericMessage());
        return;
      } catch (error) {
        this.#log(
          "heartbeat attempt %d failed: %s",
          attempt,
          error instanceof Error ? error.message : String(error),
        );
      }
    }
    this.abort(new Error("heartbeat failed twice"));
  }

  #dispatch(message: ProtocolMessage): void {
    const id = message.identifier;
    if (id) {
      const pending = this.#byId.get(id);
      if (pending) {
        pending.resolve(message);
        return;
      }
    } else {
      const pending = this.#byType.get(message.type);
      if (pending) {
        pending.resolve(message);
        return;
      }
    }
    const handlers = this.#listeners.get(message.type);
    if (handlers) {
      for (const handler of [...handlers]) {
        try {
          handler(message);
        } catch (error) {
          this.#log("listener for %s failed: %s", messageTypeName(message.type), String(error));
        }
      }
    }
    this.emit("message", message);
  }

  #onClosed(transportError: ConnectionLostError | undefined): void {
    this.stopHeartbeat();
    const cause = this.#lossCause;
    const lost =
      transportError ??
      (cause ? new ConnectionLostError(`MRP connection lost: ${cause.message}`, { cause }) : undefined);
    this.#closedError = lost ?? new ConnectionLostError("MRP connection closed");
    for (const p of [...this.#byId.values(), ...this.#byType.values()]) p.reject(this.#closedError);
    this.#closedController.abort(this.#closedError);
    for (const stop of this.#unsubscribe) stop();
    if (this.#closedByUs && !cause) return;
    if (lost) this.emit("connectionLost", lost);
    else this.emit("connectionClosed");
  }
}
