/**
 * One HTTP/RTSP connection over TCP, used by the client and by the device side alike:
 *
 * - outgoing requests, one at a time (`request()` queues), matched to the next response; RTSP
 *   requests get a `CSeq` (0, 1, 2 …) unless they carry one; a per-request timeout
 *   (`OperationTimeoutError`) and `AbortSignal`; after a timeout or abort the connection is closed,
 *   since a late response would be taken for the next request's;
 * - incoming requests (the device side, or a device that sends requests back on an event channel)
 *   go to the `requestHandler`, whose response is sent with the request's protocol and `CSeq`;
 * - `enableEncryption(keys)` switches both directions to HAP block encryption
 *   (hap-pairing.md §9) from the next byte on;
 * - loss of the connection is reported once: the `closed` event carries `ConnectionLostError`
 *   unless we closed it, and every pending request rejects with it.
 *
 * Later issues tunnel MRP over AirPlay (event and data channels) and RAOP reuses it for RTSP.
 */
import type { Socket } from "node:net";
import {
  ConnectionLostError,
  OperationTimeoutError,
  SocketLifecycle,
  TypedEmitter,
  connectTcp,
  createLogger,
  type CallOptions,
  type Logger,
} from "@atv/core";
import { HapBlockCipher, type SessionKeys } from "@atv/hap-crypto";
import { MessageDecoder, type DecoderLimits } from "./decoder.js";
import { digestAuthorization, parseDigestChallenge, type DigestChallenge } from "./digest.js";
import { encodeRequest, encodeResponse } from "./encode.js";
import {
  HttpProtocol,
  request as buildRequest,
  response as buildResponse,
  type HttpMessage,
  type HttpRequest,
  type HttpResponse,
  type RequestInit,
} from "./message.js";

export type RequestHandler = (
  request: HttpRequest,
  connection: HttpConnection,
) => HttpResponse | Promise<HttpResponse>;

export interface HttpConnectionEvents {
  [event: string]: unknown[];
  /** Once, when the socket is gone: an error unless the close was ours (or clean and idle). */
  closed: [error: ConnectionLostError | undefined];
}

export interface HttpConnectionOptions {
  logger?: Logger;
  /** Label for logs (`client`, `device`, …). */
  label?: string;
  limits?: DecoderLimits;
  /** Default timeout of `request()`. Default 10 s. */
  requestTimeoutMs?: number;
  /** Answers requests the peer sends; without one they get 501. */
  requestHandler?: RequestHandler;
  /** Added to every request we send unless it has them (e.g. `Host` for servers that insist on it). */
  requestHeaders?: ReadonlyArray<readonly [string, string]>;
  /** Added to every response we send (e.g. `Server: AirTunes/…`). */
  responseHeaders?: Readonly<Record<string, string>>;
  /**
   * Password for HTTP Digest auth (raop.md §10): a 401 with a Digest challenge is answered once by
   * resending with `Authorization`, and every later request carries one for its own method and URI.
   */
  password?: string;
  /** Digest user name; any works on Apple receivers. Default `pyatv` (as pyatv sends). */
  username?: string;
  /** Which paths' bodies are never logged (pairing data); default every `/pair-*` and `/auth-setup`. */
  sensitivePath?: (uri: string) => boolean;
}

export interface HttpConnectOptions extends HttpConnectionOptions, CallOptions {
  /** Give up connecting after this long. Default 10 s. */
  connectTimeoutMs?: number;
}

export interface RequestOptions extends CallOptions {
  timeoutMs?: number;
}

const defaultSensitive = (uri: string): boolean => uri.startsWith("/pair") || uri.startsWith("/auth-setup");

interface Pending {
  resolve(response: HttpResponse): void;
  reject(error: Error): void;
}

export class HttpConnection extends TypedEmitter<HttpConnectionEvents> {
  readonly #socket: SocketLifecycle;
  readonly #decoder: MessageDecoder;
  readonly #log: Logger;
  readonly #label: string;
  readonly #options: HttpConnectionOptions;
  #cipher: HapBlockCipher | undefined;
  /** Keys to switch to once the response being prepared has been written (device side). */
  #keysAfterResponse: SessionKeys | undefined;
  #cseq = 0;
  #challenge: DigestChallenge | undefined;
  /** The request on the wire awaiting its response. */
  #pending: Pending | undefined;
  /** Serialises outgoing requests. */
  #queue: Promise<unknown> = Promise.resolve();
  /** Serialises handling of incoming requests (responses go out in order). */
  #incoming: Promise<void> = Promise.resolve();

  constructor(socket: Socket, options: HttpConnectionOptions = {}) {
    super();
    this.#options = options;
    this.#decoder = new MessageDecoder({ ...options.limits });
    this.#log = options.logger ?? createLogger("atv:airplay:http");
    this.#label = options.label ?? "http";
    this.#socket = new SocketLifecycle(socket, {
      logger: this.#log,
      label: this.#label,
      onData: (chunk) => this.#receive(chunk),
      onEnd: () => {
        this.#cipher?.end();
        this.#decoder.end();
      },
      onClose: () => this.#finish(),
    });
  }

  /** Opens a TCP connection; ConnectionFailedError on refusal or timeout, the signal's reason on abort. */
  static async connect(
    host: string,
    port: number,
    options: HttpConnectOptions = {},
  ): Promise<HttpConnection> {
    const socket = await connectTcp(host, port, {
      signal: options.signal,
      timeoutMs: options.connectTimeoutMs,
    });
    return new HttpConnection(socket, { label: "client", ...options });
  }

  get closed(): boolean {
    return this.#socket.closed;
  }

  get encrypted(): boolean {
    return this.#cipher !== undefined;
  }

  get localAddress(): string | undefined {
    return this.#socket.socket.localAddress;
  }

  get localPort(): number | undefined {
    return this.#socket.socket.localPort;
  }

  get remoteAddress(): string | undefined {
    return this.#socket.socket.remoteAddress;
  }

  /** The next RTSP CSeq this connection will use (HTTP requests carry none). */
  get nextCSeq(): number {
    return this.#cseq;
  }

  /**
   * Switches both directions to HAP block encryption with these keys (ours: write, theirs: read).
   * Call it right after the message that completes pairing, before anything else is sent.
   */
  enableEncryption(keys: SessionKeys): void {
    this.#cipher?.dispose();
    this.#cipher = new HapBlockCipher(keys);
  }

  /**
   * Device side: switch to encryption right after the next response is written (the reply to
   * pair-verify M3 or transient M3 goes out in the clear; everything after it is encrypted).
   */
  enableEncryptionAfterResponse(keys: SessionKeys): void {
    this.#keysAfterResponse = keys;
  }

  /** Sends a request and resolves with its response. Requests are sent one at a time, in call order. */
  request(init: RequestInit | HttpRequest, options: RequestOptions = {}): Promise<HttpResponse> {
    const message = "kind" in init ? init : buildRequest(init);
    const run = this.#queue.then(() => this.#sendAuthenticated(message, options));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #sendAuthenticated(message: HttpRequest, options: RequestOptions): Promise<HttpResponse> {
    const password = this.#options.password;
    if (password === undefined) return this.#send(message, options);
    const attempt = (): HttpRequest => {
      const headers = message.headers.entries().filter(([k]) => !/^(authorization|cseq)$/i.test(k));
      const challenge = this.#challenge;
      if (challenge) {
        headers.push([
          "Authorization",
          digestAuthorization(
            challenge,
            { username: this.#options.username ?? "pyatv", password },
            message.method,
            message.uri,
          ),
        ]);
      }
      return buildRequest({
        method: message.method,
        uri: message.uri,
        protocol: message.protocol,
        headers,
        body: message.body,
      });
    };
    const first = await this.#send(attempt(), options);
    const header = first.headers.get("WWW-Authenticate");
    if (first.status !== 401 || header === undefined || !/^\s*digest/i.test(header)) return first;
    const challenge = parseDigestChallenge(header);
    const stale = this.#challenge;
    if (stale && stale.nonce === challenge.nonce && stale.realm === challenge.realm) return first;
    this.#challenge = challenge;
    return this.#send(attempt(), options);
  }

  async #send(message: HttpRequest, options: RequestOptions): Promise<HttpResponse> {
    const { signal } = options;
    signal?.throwIfAborted();
    if (this.#socket.ended) throw this.#lostError("connection is closed");
    const timeoutMs = options.timeoutMs ?? this.#options.requestTimeoutMs ?? 10_000;
    for (const [name, value] of this.#options.requestHeaders ?? []) {
      if (!message.headers.has(name)) message.headers.append(name, value);
    }
    if (message.protocol === HttpProtocol.Rtsp) {
      if (!message.headers.has("CSeq")) message.headers.append("CSeq", this.#cseq);
      this.#cseq++;
    }
    const bytes = encodeRequest(message);
    const sensitive = (this.#options.sensitivePath ?? defaultSensitive)(message.uri);
    this.#log(
      "%s >> %s %s %s (%d body bytes%s)",
      this.#label,
      message.method,
      message.uri,
      message.protocol,
      message.body.length,
      sensitive ? ", not logged" : "",
    );
    return new Promise<HttpResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new OperationTimeoutError(`no response to ${message.method} ${message.uri} within ${timeoutMs} ms`),
        );
        this.#abandon("request timed out");
      }, timeoutMs);
      const onAbort = (): void => {
        cleanup();
        reject(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
        this.#abandon("request aborted");
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.#pending = undefined;
      };
      this.#pending = {
        resolve: (response) => {
          cleanup();
          resolve(response);
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#write(bytes);
    });
  }

  /** Sends a response (the device side; normally done for you by the request handler). */
  respond(response: HttpResponse): void {
    if (this.#socket.ended) return;
    const bytes = encodeResponse(response);
    this.#log(
      "%s >> %d %s (%d body bytes)",
      this.#label,
      response.status,
      response.reason,
      response.body.length,
    );
    this.#write(bytes);
    const keys = this.#keysAfterResponse;
    if (keys) {
      this.#keysAfterResponse = undefined;
      this.enableEncryption(keys);
    }
  }

  /** Ends the connection gracefully (FIN, then wait for the peer); idempotent. */
  close(): Promise<void> {
    return this.#socket.close();
  }

  /** Drops the connection at once (tests use it to simulate a lost peer). */
  destroy(): void {
    this.#socket.destroy();
  }

  #write(bytes: Uint8Array): void {
    this.#socket.socket.write(this.#cipher ? this.#cipher.encrypt(bytes) : bytes);
  }

  #abandon(reason: string): void {
    this.#socket.drop(new Error(reason));
  }

  #receive(chunk: Uint8Array): void {
    const plain = this.#cipher ? this.#cipher.decrypt(chunk) : chunk;
    if (plain.length === 0) return;
    for (const message of this.#decoder.push(plain)) this.#dispatch(message);
  }

  #dispatch(message: HttpMessage): void {
    if (message.kind === "response") {
      this.#log(
        "%s << %d %s (%d body bytes)",
        this.#label,
        message.status,
        message.reason,
        message.body.length,
      );
      const pending = this.#pending;
      if (!pending)
        throw new ConnectionLostError(`unexpected response ${message.status} with no request pending`);
      pending.resolve(message);
      return;
    }
    this.#log("%s << %s %s %s", this.#label, message.method, message.uri, message.protocol);
    const handler = this.#options.requestHandler;
    this.#incoming = this.#incoming.then(async () => {
      let reply: HttpResponse;
      try {
        reply = handler ? await handler(message, this) : buildResponse({ status: 501 });
      } catch (error) {
        this.#log(
          "%s: handler failed: %s",
          this.#label,
          error instanceof Error ? error.message : String(error),
        );
        reply = buildResponse({ status: 500 });
      }
      try {
        this.respond(this.#decorate(message, reply));
      } catch (error) {
        this.#log(
          "%s: cannot send response: %s",
          this.#label,
          error instanceof Error ? error.message : String(error),
        );
        this.#abandon("response could not be encoded");
      }
    });
  }

  /** Echoes the request's protocol and CSeq; adds the configured response headers. */
  #decorate(requestMessage: HttpRequest, reply: HttpResponse): HttpResponse {
    const headers = reply.headers;
    for (const [k, v] of Object.entries(this.#options.responseHeaders ?? {}))
      if (!headers.has(k)) headers.append(k, v);
    const cseq = requestMessage.headers.get("CSeq");
    if (cseq !== undefined && !headers.has("CSeq")) headers.append("CSeq", cseq);
    return { ...reply, protocol: requestMessage.protocol, headers };
  }

  #lostError(reason: string): ConnectionLostError {
    const cause = this.#socket.failure;
    return new ConnectionLostError(
      `${this.#label} connection to ${this.#socket.socket.remoteAddress ?? "?"}: ${reason}${cause ? ` (${cause.message})` : ""}`,
      cause ? { cause } : undefined,
    );
  }

  #finish(): void {
    this.#cipher?.dispose();
    const pending = this.#pending;
    const lost = this.#socket.failure !== undefined || pending !== undefined || !this.#socket.closing;
    const error = lost
      ? this.#lostError(pending ? "lost while waiting for a response" : "connection lost")
      : undefined;
    if (pending) pending.reject(error ?? this.#lostError("closed"));
    this.emit("closed", error);
  }
}
