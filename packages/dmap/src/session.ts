/**
 * The DAAP session (pyatv's DaapRequester): logs in lazily with the login id, adds
 * `session-id=<mlid>` first to every query, decodes DMAP answers, maps statuses:
 * 2xx ok, 500 NotSupported, anything else → log in again once and retry once, then
 * AuthenticationError (dmap.md §2, §4).
 */
import {
  AuthenticationError,
  BlockedStateError,
  InvalidDmapDataError,
  NotSupportedError,
  createLogger,
  type CallOptions,
  type Logger,
} from "@atv/core";
import { decodeDmap, type DecodeOptions } from "./codec/decode.js";
import type { DmapNode } from "./codec/node.js";
import { firstUint, summarize } from "./codec/query.js";
import { loginParameter, parseLoginId, type LoginId } from "./credentials.js";
import { DmapHttpClient, type HttpClientOptions, type HttpResponse } from "./http/client.js";

/** The headers pyatv sends on every DAAP request. */
export const DMAP_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  Accept: "*/*",
  "Accept-Encoding": "gzip",
  "Client-DAAP-Version": "3.13",
  "Client-ATV-Sharing-Version": "1.2",
  "Client-iTunes-Sharing-Version": "3.15",
  "User-Agent": "Remote/1021",
  "Viewer-Only-Client": "1",
});

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface DmapSessionOptions extends HttpClientOptions {
  /** Pairing GUID (`0x…`) or hsgid. */
  credentials: string | undefined;
  requestTimeoutMs?: number;
  decode?: DecodeOptions;
}

export interface SessionRequestOptions extends CallOptions {
  /** Override the request timeout; `null` = none (the long-poll). */
  timeoutMs?: number | null;
}

export class DmapSession {
  readonly http: DmapHttpClient;
  readonly #loginId: LoginId;
  readonly #timeoutMs: number;
  readonly #decode: DecodeOptions;
  readonly #log: Logger;
  #sessionId = 0;
  #login: Promise<number> | undefined;
  #closed = false;

  constructor(options: DmapSessionOptions) {
    this.#loginId = parseLoginId(options.credentials);
    this.#log = options.logger ?? createLogger("atv:dmap");
    this.http = new DmapHttpClient({ ...options, logger: this.#log });
    this.#timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#decode = options.decode ?? {};
  }

  /** The current session id (0 before login). */
  get sessionId(): number {
    return this.#sessionId;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Logs in (again) and returns the session id. Concurrent callers share one login. */
  login(options: CallOptions = {}): Promise<number> {
    this.#login ??= this.#doLogin(options).finally(() => {
      this.#login = undefined;
    });
    return this.#login;
  }

  async #doLogin(options: CallOptions): Promise<number> {
    const path = `/login?${loginParameter(this.#loginId)}&hasFP=1`;
    const nodes = await this.#do(
      "GET",
      () => path,
      { ...options, timeoutMs: this.#timeoutMs },
      { login: true },
    );
    const id = firstUint(nodes, "mlog", "mlid");
    if (id === undefined) throw new InvalidDmapDataError("login response has no mlog/mlid session id");
    this.#sessionId = id;
    this.#log("logged in, session id %d", id);
    return id;
  }

  /** GET a DMAP resource, e.g. `ctrl-int/1/playstatusupdate?[AUTH]&revision-number=0`. */
  async get(command: string, options: SessionRequestOptions = {}): Promise<DmapNode[]> {
    await this.#ensureLoggedIn(options);
    return this.#do("GET", () => this.#url(command), this.#withTimeout(options), {});
  }

  /** GET raw bytes (artwork). */
  async getBytes(command: string, options: SessionRequestOptions = {}): Promise<Uint8Array> {
    await this.#ensureLoggedIn(options);
    const response = await this.#send("GET", () => this.#url(command), this.#withTimeout(options), {});
    return response.body;
  }

  /** POST with an optional DMAP-encoded body. */
  async post(command: string, body?: Uint8Array, options: SessionRequestOptions = {}): Promise<DmapNode[]> {
    await this.#ensureLoggedIn(options);
    return this.#do(
      "POST",
      () => this.#url(command),
      this.#withTimeout(options),
      body === undefined ? {} : { body },
    );
  }

  /** Closes the keep-alive sockets; later calls fail with BlockedStateError. Idempotent. */
  close(): void {
    this.#closed = true;
    this.http.close();
  }

  #withTimeout(options: SessionRequestOptions): CallOptions & { timeoutMs: number | undefined } {
    const timeoutMs = options.timeoutMs === null ? undefined : (options.timeoutMs ?? this.#timeoutMs);
    return { ...(options.signal ? { signal: options.signal } : {}), timeoutMs };
  }

  async #ensureLoggedIn(options: CallOptions): Promise<void> {
    if (this.#closed) throw new BlockedStateError("DMAP session is closed");
    if (this.#sessionId === 0) await this.login(options);
  }

  /** `[AUTH]` is replaced by `session-id=<id>` (pyatv puts it first). */
  #url(command: string): string {
    const auth = `session-id=${this.#sessionId}`;
    const path = command.replace("[AUTH]", auth);
    return path.startsWith("/") ? path : `/${path}`;
  }

  async #do(
    method: "GET" | "POST",
    url: () => string,
    options: CallOptions & { timeoutMs: number | undefined },
    extra: { body?: Uint8Array; login?: boolean },
  ): Promise<DmapNode[]> {
    const response = await this.#send(method, url, options, extra);
    const nodes = decodeDmap(response.body, this.#decode);
    this.#log("%s %s: %s", method, url().split("?")[0], summarize(nodes).slice(0, 300));
    return nodes;
  }

  /** One request with pyatv's status handling (re-login once, retry once). */
  async #send(
    method: "GET" | "POST",
    url: () => string,
    options: CallOptions & { timeoutMs: number | undefined },
    extra: { body?: Uint8Array; login?: boolean },
  ): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      if (this.#closed) throw new BlockedStateError("DMAP session is closed");
      const headers =
        method === "POST"
          ? { ...DMAP_HEADERS, "Content-Type": "application/x-www-form-urlencoded" }
          : DMAP_HEADERS;
      const response = await this.http.request(method, url(), {
        headers,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        ...(extra.body ? { body: extra.body } : {}),
      });
      if (response.status >= 200 && response.status < 300) return response;
      if (response.status === 500)
        throw new NotSupportedError("command not supported at this stage (HTTP 500)");
      if (attempt >= 1) throw new AuthenticationError(`failed to login: ${response.status}`);
      this.#log("request answered %d: logging in again", response.status);
      if (!extra.login) await this.#doLogin(options);
    }
  }
}
