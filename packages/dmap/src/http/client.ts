/**
 * A small HTTP/1.1 client over node:http with a keep-alive agent, for DAAP/DACP.
 * Every request is bounded: body bytes (checked before buffering, also after gunzip),
 * an overall timeout (none for the long-poll, but its body must then arrive within
 * `bodyTimeoutMs`), and the caller's AbortSignal. Failures are typed AtvErrors.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { gunzip } from "node:zlib";
import {
  ConnectionFailedError,
  ConnectionLostError,
  InvalidResponseError,
  OperationTimeoutError,
  createLogger,
  type Logger,
} from "@atv/core";

export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

export interface HttpClientOptions {
  host: string;
  port: number;
  /** Largest response body accepted (default 8 MiB). */
  maxBodyBytes?: number;
  /** Time allowed for a body once the headers arrived, for requests without a timeout (default 10 s). */
  bodyTimeoutMs?: number;
  logger?: Logger;
}

export interface HttpRequestOptions {
  body?: Uint8Array;
  headers?: Readonly<Record<string, string>>;
  /** Overall timeout; undefined = wait as long as the device takes (long-poll). */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Uint8Array;
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}

/** True for errors that mean the connection to the device is gone (pyatv's ClientError). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof ConnectionLostError || error instanceof ConnectionFailedError;
}

export class DmapHttpClient {
  readonly host: string;
  readonly port: number;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 4 });
  readonly #maxBodyBytes: number;
  readonly #bodyTimeoutMs: number;
  readonly #log: Logger;
  #closed = false;

  constructor(options: HttpClientOptions) {
    this.host = options.host;
    this.port = options.port;
    this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
    this.#log = options.logger ?? createLogger("atv:dmap:http");
  }

  /** Closes idle keep-alive sockets and aborts nothing else; further requests fail. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#agent.destroy();
  }

  async request(
    method: "GET" | "POST",
    path: string,
    options: HttpRequestOptions = {},
  ): Promise<HttpResponse> {
    if (this.#closed) throw new ConnectionLostError("DMAP HTTP client is closed");
    options.signal?.throwIfAborted();
    const signals: AbortSignal[] = [];
    if (options.signal) signals.push(options.signal);
    const timeout = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
    if (timeout) signals.push(timeout);
    const bodyTimeout = new AbortController();
    signals.push(bodyTimeout.signal);
    const signal = AbortSignal.any(signals);
    const body = options.body ?? (method === "POST" ? new Uint8Array(0) : undefined);
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) headers["Content-Length"] = String(body.length);

    let bodyTimer: NodeJS.Timeout | undefined;
    try {
      const response = await new Promise<HttpResponse>((resolve, reject) => {
        const req = httpRequest({
          host: this.host,
          port: this.port,
          method,
          path,
          headers,
          agent: this.#agent,
          signal,
        });
        req.on("error", reject);
        req.on("response", (res: IncomingMessage) => {
          if (timeout === undefined) {
            bodyTimer = setTimeout(
              () =>
                bodyTimeout.abort(
                  new OperationTimeoutError(`DMAP response body took over ${this.#bodyTimeoutMs} ms`),
                ),
              this.#bodyTimeoutMs,
            );
          }
          const declared = Number(res.headers["content-length"] ?? "0");
          if (Number.isFinite(declared) && declared > this.#maxBodyBytes) {
            reject(
              new InvalidResponseError(`DMAP response of ${declared} bytes exceeds ${this.#maxBodyBytes}`),
            );
            res.destroy();
            return;
          }
          const chunks: Buffer[] = [];
          let received = 0;
          res.on("data", (chunk: Buffer) => {
            received += chunk.length;
            if (received > this.#maxBodyBytes) {
              reject(new InvalidResponseError(`DMAP response body exceeds ${this.#maxBodyBytes} bytes`));
              res.destroy();
              return;
            }
            chunks.push(chunk);
          });
          res.on("error", reject);
          res.on("aborted", () => reject(new ConnectionLostError("DMAP response aborted")));
          res.on("end", () => {
            const raw = Buffer.concat(chunks);
            const status = res.statusCode ?? 0;
            if ((res.headers["content-encoding"] ?? "").toLowerCase() === "gzip") {
              gunzip(raw, { maxOutputLength: this.#maxBodyBytes }, (error, out) => {
                if (error)
                  reject(
                    new InvalidResponseError(`bad gzip DMAP response: ${error.message}`, { cause: error }),
                  );
                else
                  resolve({
                    status,
                    headers: res.headers,
                    body: new Uint8Array(out.buffer, out.byteOffset, out.length),
                  });
              });
            } else {
              resolve({
                status,
                headers: res.headers,
                body: new Uint8Array(raw.buffer, raw.byteOffset, raw.length),
              });
            }
          });
        });
        req.end(body === undefined ? undefined : Buffer.from(body.buffer, body.byteOffset, body.length));
      });
      this.#log("%s %s -> %d (%d bytes)", method, path, response.status, response.body.length);
      return response;
    } catch (error) {
      throw this.#mapError(error, options.signal, timeout, bodyTimeout.signal, method, path);
    } finally {
      if (bodyTimer) clearTimeout(bodyTimer);
    }
  }

  #mapError(
    error: unknown,
    callerSignal: AbortSignal | undefined,
    timeout: AbortSignal | undefined,
    bodyTimeout: AbortSignal,
    method: string,
    path: string,
  ): unknown {
    if (callerSignal?.aborted) return callerSignal.reason;
    if (bodyTimeout.aborted) return bodyTimeout.reason;
    if (timeout?.aborted) return new OperationTimeoutError(`DMAP ${method} ${path.split("?")[0]} timed out`);
    if (error instanceof InvalidResponseError || error instanceof ConnectionLostError) return error;
    const code = errorCode(error);
    const message = error instanceof Error ? error.message : String(error);
    if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EADDRNOTAVAIL")
      return new ConnectionFailedError(`cannot connect to ${this.host}:${this.port}: ${message}`, {
        cause: error,
      });
    if (code === "HPE_HEADER_OVERFLOW" || (code?.startsWith("HPE_") ?? false))
      return new InvalidResponseError(`malformed HTTP response from the device: ${message}`, {
        cause: error,
      });
    if (NETWORK_CODES.has(code ?? "") || message === "socket hang up")
      return new ConnectionLostError(`connection to ${this.host}:${this.port} lost: ${message}`, {
        cause: error,
      });
    return new ConnectionLostError(`DMAP request failed: ${message}`, { cause: error });
  }
}
