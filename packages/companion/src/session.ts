/**
 * Requests, events and pairing exchanges over one Companion connection (companion.md §4):
 * `_x` correlation with timeouts and AbortSignal, `_em` errors as CompanionRequestError,
 * events dispatched by `_i`, pairing replies matched by frame type, one loss report.
 *
 * States: open → (close() | loss) → closed. Once closed every pending and later request
 * rejects with ConnectionLostError.
 */
import { randomInt } from "node:crypto";
import {
  ConnectionLostError,
  InvalidStateError,
  OperationTimeoutError,
  ProtocolError,
  TypedEmitter,
  createLogger,
  type CallOptions,
  type Logger,
  abortReason,
} from "@atv/core";
import { FrameType, frameTypeName } from "./codec/frame.js";
import {
  MessageKind,
  eventMessage,
  parseMessage,
  requestMessage,
  type CompanionMessage,
} from "./codec/message.js";
import { isOpackObject, type OpackObject, type OpackValue } from "./codec/opack.js";
import type { CompanionConnection } from "./connection.js";
import { CompanionRequestError } from "./errors.js";

/** pyatv's request timeout. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;

export interface RequestOptions extends CallOptions {
  timeoutMs?: number;
}

export interface SessionOptions {
  requestTimeoutMs?: number;
  logger?: Logger;
  /** First transaction id; default random in 0…65535 like pyatv. */
  firstXid?: number;
}

export interface SessionEvents {
  [event: string]: unknown[];
  /** An event (`_t` = 1) from the device. */
  event: [message: CompanionMessage];
  /** A request (`_t` = 2) from the peer (the device side handles these). */
  request: [message: CompanionMessage];
  /** A frame the session could not use (bad envelope, unknown `_t`, answer to nothing). */
  unexpected: [error: ProtocolError];
  connectionLost: [error: ConnectionLostError];
  connectionClosed: [];
}

interface Pending {
  resolve(value: CompanionMessage | OpackObject): void;
  reject(error: Error): void;
}

/** Re-exported for the capabilities that import it from here. */
export { abortReason };

export class CompanionSession extends TypedEmitter<SessionEvents> implements AsyncDisposable {
  readonly connection: CompanionConnection;
  readonly #log: Logger;
  readonly #timeoutMs: number;
  #xid: number;
  readonly #byXid = new Map<number, Pending>();
  /** Pairing exchanges: the reply frame type → the waiter. */
  readonly #byFrame = new Map<number, Pending>();
  readonly #listeners = new Map<string, Set<(content: OpackValue, message: CompanionMessage) => void>>();
  #closedError: ConnectionLostError | undefined;
  #closedByUs = false;
  readonly #unsubscribe: (() => void)[];

  constructor(connection: CompanionConnection, options: SessionOptions = {}) {
    super();
    this.connection = connection;
    this.#log = options.logger ?? createLogger("atv:companion:session");
    this.#timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#xid = options.firstXid ?? randomInt(0, 65536);
    connection.setBusyCheck(() => this.pendingCount > 0);
    this.#unsubscribe = [
      connection.on("frame", (type, value) => this.#dispatch(type, value)),
      connection.on("closed", (error) => this.#onClosed(error)),
    ];
  }

  get closed(): boolean {
    return this.#closedError !== undefined;
  }

  get pendingCount(): number {
    return this.#byXid.size + this.#byFrame.size;
  }

  /** The next transaction id (pyatv increments it for every frame it sends). */
  nextXid(): number {
    const xid = this.#xid;
    this.#xid = (this.#xid + 1) % 2 ** 31;
    return xid;
  }

  /** Sends an event (`_t` = 1); no answer is expected. */
  event(identifier: string, content: OpackValue): void {
    if (this.#closedError) throw this.#closedError;
    this.connection.send(FrameType.E_OPACK, eventMessage(identifier, content, this.nextXid()));
  }

  /**
   * Sends a request and resolves with the response. CompanionRequestError when it carries `_em`,
   * OperationTimeoutError after the timeout, the abort reason on abort, ConnectionLostError on loss.
   */
  async request(
    identifier: string,
    content: OpackValue = {},
    options: RequestOptions = {},
  ): Promise<CompanionMessage> {
    const xid = this.nextXid();
    const answer = (await this.#wait(this.#byXid, xid, `${identifier} (_x ${xid})`, options, () =>
      this.connection.send(FrameType.E_OPACK, requestMessage(identifier, content, xid)),
    )) as CompanionMessage;
    if (answer.error) {
      throw new CompanionRequestError(
        identifier,
        answer.error.message,
        answer.error.code,
        answer.error.domain,
      );
    }
    return answer;
  }

  /**
   * One pairing step: sends `value` in a frame of `type` and resolves with the device's next
   * `PS_Next` (for 0x03/0x04) or `PV_Next` (for 0x05/0x06) dictionary.
   */
  async exchangePairing(
    type: number,
    value: OpackObject,
    options: RequestOptions = {},
  ): Promise<OpackObject> {
    const reply =
      type === FrameType.PS_Start || type === FrameType.PS_Next ? FrameType.PS_Next : FrameType.PV_Next;
    const out = { ...value, _x: this.nextXid() };
    return (await this.#wait(this.#byFrame, reply, frameTypeName(reply), options, () =>
      this.connection.send(type, out),
    )) as OpackObject;
  }

  /** Calls `handler` with the content of every event named `identifier`; returns the unsubscribe function. */
  listen(identifier: string, handler: (content: OpackValue, message: CompanionMessage) => void): () => void {
    let set = this.#listeners.get(identifier);
    if (!set) this.#listeners.set(identifier, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /** Graceful close; pending requests reject with ConnectionLostError. Idempotent. */
  async close(): Promise<void> {
    if (!this.closed) this.#closedByUs = true;
    await this.connection.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #wait<K>(
    table: Map<K, Pending>,
    key: K,
    what: string,
    options: RequestOptions,
    send: () => void,
  ): Promise<CompanionMessage | OpackObject> {
    const { signal, timeoutMs = this.#timeoutMs } = options;
    if (this.#closedError) return Promise.reject(this.#closedError);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (table.has(key)) return Promise.reject(new InvalidStateError(`${what} is already outstanding`));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => settle(() => reject(abortReason(signal)));
      const timer = setTimeout(
        () => settle(() => reject(new OperationTimeoutError(`no answer to ${what} within ${timeoutMs} ms`))),
        timeoutMs,
      );
      const settle = (finish: () => void): void => {
        if (table.get(key) !== pending) return;
        table.delete(key);
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        finish();
      };
      const pending: Pending = {
        resolve: (value) => settle(() => resolve(value)),
        reject: (error) => settle(() => reject(error)),
      };
      table.set(key, pending);
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        send();
      } catch (error) {
        pending.reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  #dispatch(type: number, value: OpackValue): void {
    if (type !== FrameType.E_OPACK && type !== FrameType.U_OPACK) {
      const pending = this.#byFrame.get(type);
      if (pending && isOpackObject(value)) return pending.resolve(value);
      return this.#unexpected(new ProtocolError(`unexpected ${frameTypeName(type)} frame`));
    }
    let message: CompanionMessage;
    try {
      message = parseMessage(value);
    } catch (error) {
      return this.#unexpected(error instanceof ProtocolError ? error : new ProtocolError(String(error)));
    }
    if (message.kind === MessageKind.Response) {
      const pending = message.xid === undefined ? undefined : this.#byXid.get(message.xid);
      if (pending) return pending.resolve(message);
      return this.#unexpected(
        new ProtocolError(`response to no request: ${message.identifier} _x ${message.xid}`),
      );
    }
    if (message.kind === MessageKind.Request) {
      this.emit("request", message);
      return;
    }
    const handlers = this.#listeners.get(message.identifier);
    for (const handler of handlers ? [...handlers] : []) {
      try {
        handler(message.content, message);
      } catch (error) {
        this.#log("listener for %s failed: %s", message.identifier, String(error));
      }
    }
    this.emit("event", message);
  }

  #unexpected(error: ProtocolError): void {
    this.#log("ignored: %s", error.message);
    this.emit("unexpected", error);
  }

  #onClosed(transportError: ConnectionLostError | undefined): void {
    this.#closedError = transportError ?? new ConnectionLostError("Companion connection closed");
    for (const p of [...this.#byXid.values(), ...this.#byFrame.values()]) p.reject(this.#closedError);
    for (const stop of this.#unsubscribe) stop();
    if (this.#closedByUs) return;
    if (transportError) this.emit("connectionLost", transportError);
    else this.emit("connectionClosed");
  }
}
