/**
 * A device connection that stays up: after the connection is lost (device asleep, rebooted,
 * out of range, the host woke from sleep) it reconnects with exponential back-off and jitter,
 * re-arms push updates and forwards the device's events from whichever connection is current.
 */
import { setTimeout as sleep } from "node:timers/promises";
import {
  BlockedStateError,
  ConnectionFailedError,
  ConnectionLostError,
  OperationTimeoutError,
  TypedEmitter,
  type AppleTV,
  type AppleTVConfig,
  type CallOptions,
} from "@atv/core";
import { connect, type ConnectOptions } from "../connect.js";
import { backoffDelay, type BackoffOptions } from "./backoff.js";
import { forwardDeviceEvents, type ForwardedDeviceEvents } from "./device-events.js";

export const ConnectionState = {
  /** First connection attempts. */
  Connecting: "connecting",
  Connected: "connected",
  /** The connection was lost; retrying with back-off. */
  Reconnecting: "reconnecting",
  /** `maxAttempts` retries failed; `retryNow()` starts over. */
  Failed: "failed",
  /** `close()` was called. Final. */
  Closed: "closed",
} as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

export interface ReconnectOptions extends BackoffOptions {
  /** Retries after a loss (or failed first attempt) before giving up (default Infinity). */
  maxAttempts?: number;
  /** Bound on one connection attempt (default 10 000 ms). */
  attemptTimeoutMs?: number;
  /** How long `device()`/`call()` wait for a connection by default (default 10 000 ms; 0 fails at once). */
  callWaitMs?: number;
  /** Check for a host sleep/wake (a timer that fired far too late) this often (default 5 000 ms; 0 disables). */
  wakeCheckIntervalMs?: number;
  /** Refreshes the config before an attempt (e.g. a scan for the same identifier after the device moved ports). */
  resolveConfig?: (signal: AbortSignal) => Promise<AppleTVConfig | undefined>;
  /** Start and re-arm push updates on every connection (default true). */
  pushUpdates?: boolean;
}

export interface ManagedConnectOptions extends ConnectOptions {
  reconnect?: ReconnectOptions;
  /** Replaces `connect()` (tests, custom set-ups). */
  connector?: (config: AppleTVConfig, options: ConnectOptions) => Promise<AppleTV>;
  /** Clock and randomness, injectable for tests. */
  now?: () => number;
  random?: () => number;
}

export interface ReconnectingInfo {
  attempt: number;
  delayMs: number;
  error: Error | undefined;
}

export interface ManagedEvents extends ForwardedDeviceEvents {
  stateChanged: [state: ConnectionState, previous: ConnectionState];
  /** Every successful connection, the first one included. */
  connected: [atv: AppleTV];
  connectionLost: [error: Error];
  reconnecting: [info: ReconnectingInfo];
  reconnected: [atv: AppleTV, info: { attempts: number; downtimeMs: number }];
  /** A connection attempt failed (the next one is scheduled unless maxAttempts is reached). */
  attemptFailed: [error: Error, attempt: number];
}

export interface WaitOptions extends CallOptions {
  /** Overrides `reconnect.callWaitMs` for this call. */
  waitMs?: number;
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

export class ManagedAppleTV extends TypedEmitter<ManagedEvents> implements AsyncDisposable {
  #config: AppleTVConfig;
  readonly #options: ManagedConnectOptions;
  readonly #reconnect: ReconnectOptions;
  readonly #now: () => number;
  readonly #closer = new AbortController();
  #state: ConnectionState = ConnectionState.Connecting;
  #atv: AppleTV | undefined;
  #lastError: Error | undefined;
  #wake: AbortController | undefined;
  #dropCurrent: ((error: Error) => void) | undefined;
  #loop: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #attempts = 0;
  readonly #forward = <K extends keyof ForwardedDeviceEvents>(
    event: K,
    ...args: ForwardedDeviceEvents[K]
  ): void => {
    this.emit(event, ...(args as ManagedEvents[K]));
  };

  constructor(config: AppleTVConfig, options: ManagedConnectOptions = {}) {
    super();
    this.#config = config;
    this.#options = options;
    this.#reconnect = options.reconnect ?? {};
    this.#now = options.now ?? Date.now;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** The current connection, when connected. */
  get current(): AppleTV | undefined {
    return this.#state === ConnectionState.Connected ? this.#atv : undefined;
  }

  get config(): AppleTVConfig {
    return this.#config;
  }

  /** Uses this config from the next attempt on (a scan found the device at a new address or port). */
  setConfig(config: AppleTVConfig): void {
    this.#config = config;
  }

  /** The error of the last lost connection or failed attempt. */
  get lastError(): Error | undefined {
    return this.#lastError;
  }

  /** Attempts made since the last successful connection. */
  get attempts(): number {
    return this.#attempts;
  }

  /** Starts connecting in the background (idempotent). Watch `state`/`states()` or await `device()`. */
  start(): this {
    if (this.#closer.signal.aborted) throw new BlockedStateError("the managed connection is closed");
    this.#loop ??= this.#run().catch((error: unknown) => {
      this.#lastError = toError(error);
      this.#setState(ConnectionState.Failed);
    });
    return this;
  }

  /** Skips the back-off wait (the device was seen again, the network came back) or restarts after Failed. */
  retryNow(): void {
    if (this.#closer.signal.aborted) return;
    if (this.#state === ConnectionState.Failed) {
      this.#loop = undefined;
      this.#attempts = 0;
      this.#setState(ConnectionState.Reconnecting);
      this.start();
      return;
    }
    this.#wake?.abort();
  }

  /** Drops the current connection and reconnects (e.g. after a network change). */
  reconnect(reason = "reconnect requested"): void {
    this.#dropCurrent?.(new ConnectionLostError(reason));
  }

  /**
   * The connected device. While (re)connecting it waits up to `waitMs` (default `callWaitMs`) and
   * then throws OperationTimeoutError; with `waitMs: 0` it throws ConnectionLostError at once.
   * Throws ConnectionFailedError after giving up (Failed), BlockedStateError after close().
   */
  async device(options: WaitOptions = {}): Promise<AppleTV> {
    options.signal?.throwIfAborted();
    const ready = this.#ready();
    if (ready) return ready;
    const waitMs = options.waitMs ?? this.#reconnect.callWaitMs ?? 10_000;
    if (waitMs <= 0) throw new ConnectionLostError(`not connected (${this.#state})`, this.#causeOpts());
    const signals = [
      ...(options.signal ? [options.signal] : []),
      ...(Number.isFinite(waitMs) ? [AbortSignal.timeout(waitMs)] : []),
    ];
    const signal = AbortSignal.any(signals);
    return new Promise<AppleTV>((resolve, reject) => {
      const done = (): void => {
        off();
        signal.removeEventListener("abort", onAbort);
      };
      const onAbort = (): void => {
        done();
        if (options.signal?.aborted) reject(toError(options.signal.reason));
        else
          reject(
            new OperationTimeoutError(`not connected after ${waitMs} ms (${this.#state})`, this.#causeOpts()),
          );
      };
      const off = this.on("stateChanged", () => {
        try {
          const atv = this.#ready();
          if (atv) {
            done();
            resolve(atv);
          }
        } catch (error) {
          done();
          reject(toError(error));
        }
      });
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Runs `fn` on the connected device (waiting as `device()` does). A call cut by a loss is not retried. */
  async call<T>(fn: (atv: AppleTV) => Promise<T> | T, options: WaitOptions = {}): Promise<T> {
    return fn(await this.device(options));
  }

  /** The current state, then every change, until `signal` aborts or the connection is closed. */
  async *states(options: { signal?: AbortSignal } = {}): AsyncGenerator<ConnectionState> {
    const iterator = this.events("stateChanged", options.signal ? { signal: options.signal } : {});
    yield this.#state;
    if (this.#state === ConnectionState.Closed) return;
    for await (const [state] of iterator) {
      yield state;
      if (state === ConnectionState.Closed) return;
    }
  }

  /** Stops reconnecting and closes the current connection. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closer.abort(new BlockedStateError("the managed connection is closed"));
      this.#dropCurrent?.(new BlockedStateError("closed"));
      await this.#loop;
      await this.#atv?.close();
      this.#setState(ConnectionState.Closed);
    })();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #ready(): AppleTV | undefined {
    switch (this.#state) {
      case ConnectionState.Connected:
        return this.#atv;
      case ConnectionState.Closed:
        throw new BlockedStateError("the managed connection is closed");
      case ConnectionState.Failed:
        throw new ConnectionFailedError(`gave up reconnecting to ${this.#config.name}`, this.#causeOpts());
      case ConnectionState.Connecting:
      case ConnectionState.Reconnecting:
        return undefined;
      default: {
        const never: never = this.#state;
        return never;
      }
    }
  }

  #causeOpts(): { cause?: Error } {
    return this.#lastError ? { cause: this.#lastError } : {};
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state || this.#state === ConnectionState.Closed) return;
    const previous = this.#state;
    this.#state = state;
    this.emit("stateChanged", state, previous);
  }

  async #connectOnce(signal: AbortSignal): Promise<AppleTV> {
    const attemptSignal = AbortSignal.any([
      signal,
      AbortSignal.timeout(this.#reconnect.attemptTimeoutMs ?? 10_000),
    ]);
    const refreshed = await this.#reconnect.resolveConfig?.(attemptSignal);
    if (refreshed) this.#config = refreshed;
    const { reconnect: _r, connector, now: _n, random: _x, ...connectOptions } = this.#options;
    return (connector ?? connect)(this.#config, { ...connectOptions, signal: attemptSignal });
  }

  async #run(): Promise<void> {
    const signal = this.#closer.signal;
    const maxAttempts = this.#reconnect.maxAttempts ?? Infinity;
    let lostAt: number | undefined;
    let everConnected = false;
    while (!signal.aborted) {
      if (this.#attempts > 0) {
        if (this.#attempts > maxAttempts) {
          this.#setState(ConnectionState.Failed);
          return;
        }
        const delayMs = backoffDelay(this.#attempts, this.#reconnect, this.#options.random);
        this.emit("reconnecting", { attempt: this.#attempts, delayMs, error: this.#lastError });
        this.#wake = new AbortController();
        await sleep(delayMs, undefined, { signal: AbortSignal.any([signal, this.#wake.signal]) }).catch(
          () => undefined,
        );
        this.#wake = undefined;
        if (signal.aborted) return;
      }
      let atv: AppleTV;
      try {
        atv = await this.#connectOnce(signal);
      } catch (error) {
        if (signal.aborted) return;
        this.#lastError = toError(error);
        this.#attempts += 1;
        this.emit("attemptFailed", this.#lastError, this.#attempts);
        continue;
      }
      if (signal.aborted) {
        await atv.close();
        return;
      }
      const attempts = this.#attempts;
      this.#attempts = 0;
      this.#atv = atv;
      const lost = this.#watch(atv);
      this.#setState(ConnectionState.Connected);
      this.emit("connected", atv);
      if (everConnected)
        this.emit("reconnected", atv, { attempts, downtimeMs: this.#now() - (lostAt ?? this.#now()) });
      everConnected = true;
      const error = await lost;
      if (signal.aborted) return;
      lostAt = this.#now();
      this.#lastError = error;
      this.#atv = undefined;
      this.#attempts = 1;
      this.emit("connectionLost", error);
      this.#setState(ConnectionState.Reconnecting);
      await atv.close(); // already closed after a loss; a dropped (host woke) connection is closed here
    }
  }

  /** Forwards the connection's events; resolves with the error when it is lost, closed or dropped. */
  #watch(atv: AppleTV): Promise<Error> {
    const offForward = forwardDeviceEvents(atv, this.#forward);
    if (this.#reconnect.pushUpdates !== false) {
      try {
        atv.pushUpdater.start();
      } catch {
        // No protocol pushes updates: nothing to re-arm.
      }
    }
    const stopWakeCheck = this.#startWakeCheck();
    return new Promise<Error>((resolve) => {
      const offs: (() => void)[] = [];
      const finish = (error: Error): void => {
        for (const off of offs.splice(0)) off();
        offForward();
        stopWakeCheck();
        this.#dropCurrent = undefined;
        resolve(error);
      };
      offs.push(
        atv.on("connectionLost", (e) => finish(e)),
        atv.on("connectionClosed", () => finish(new ConnectionLostError("the device closed the connection"))),
      );
      this.#dropCurrent = finish;
    });
  }

  /** A timer that fires much later than due means the host slept: the connection is probably dead. */
  #startWakeCheck(): () => void {
    const intervalMs = this.#reconnect.wakeCheckIntervalMs ?? 5_000;
    if (intervalMs <= 0) return () => undefined;
    let last = this.#now();
    const timer = setInterval(() => {
      const now = this.#now();
      if (now - last > intervalMs * 3 + 1_000) this.reconnect(`host woke after ${now - last} ms asleep`);
      last = now;
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/**
 * Connects and keeps the connection up (see ManagedAppleTV). Resolves once the first connection
 * is made; rejects (and stops) when the first attempt fails, unless `retryInitial` (then it keeps
 * trying, bounded by `signal`).
 */
export async function connectManaged(
  config: AppleTVConfig,
  options: ManagedConnectOptions & { retryInitial?: boolean } = {},
): Promise<ManagedAppleTV> {
  const { retryInitial, ...rest } = options;
  const managed = new ManagedAppleTV(config, rest);
  const failed = new Promise<Error>((resolve) => managed.once("attemptFailed", (e) => resolve(e)));
  managed.start();
  try {
    const first = managed.device({ waitMs: Infinity, ...(options.signal ? { signal: options.signal } : {}) });
    first.catch(() => undefined); // observed below; a late rejection after close() is expected
    if (retryInitial) await first;
    else {
      const outcome = await Promise.race([first, failed]);
      if (outcome instanceof Error) throw outcome;
    }
    return managed;
  } catch (error) {
    await managed.close();
    throw error;
  }
}
