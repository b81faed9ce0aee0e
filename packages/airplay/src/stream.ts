/**
 * `stream.playUrl(url, { positionSeconds })` over AirPlay: connect, authenticate with the stored
 * (or transient) credentials, serve a local file if given one, play, wait for the end.
 * `close()` stops a playback in progress (the connection is closed, which stops the receiver).
 */
import { existsSync, statSync } from "node:fs";
import { InvalidStateError, createLogger, type CallOptions, type Logger, type Stream } from "@atv/core";
import type { HapCredentials } from "@atv/hap-crypto";
import { HttpConnection } from "./http/connection.js";
import { serveFile, type FileServer } from "./file-server.js";
import { verifyConnection } from "./pairing/verify.js";
import { playUrl, type PlayUrlOptions } from "./player.js";

export interface AirPlayStreamOptions {
  host: string;
  port: number;
  /** AirPlay major version of the receiver (from its features). */
  version: 1 | 2;
  /** What to authenticate with: stored credentials, or transient/none by pyatv's rule. */
  credentials: () => HapCredentials;
  name?: string;
  /** Receiver password (`pw`), answered with HTTP Digest. */
  password?: string | undefined;
  logger?: Logger;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Tuning for tests and tools (poll interval, retry delay). */
  player?: Pick<PlayUrlOptions, "pollIntervalMs" | "retryDelayMs" | "startupPolls">;
  /** Legacy pair-verify for AirPlay 1 receivers paired the legacy way. */
  legacyVerify?: Parameters<typeof verifyConnection>[2]["legacyVerify"];
}

function isLocalFile(url: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return false;
  try {
    return existsSync(url) && statSync(url).isFile();
  } catch {
    return false;
  }
}

export class AirPlayStream implements Pick<Stream, "playUrl" | "close"> {
  readonly #options: AirPlayStreamOptions;
  readonly #log: Logger;
  readonly #active = new Set<AbortController>();

  constructor(options: AirPlayStreamOptions) {
    this.#options = options;
    this.#log = options.logger ?? createLogger("atv:airplay:stream");
  }

  /** True while a playUrl call is running. */
  get playing(): boolean {
    return this.#active.size > 0;
  }

  async playUrl(url: string, options: CallOptions & { positionSeconds?: number } = {}): Promise<void> {
    if (typeof url !== "string" || url.length === 0) throw new TypeError("url must be a non-empty string");
    if (this.#active.size > 0) throw new InvalidStateError("a URL is already playing on this device");
    const controller = new AbortController();
    this.#active.add(controller);
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const o = this.#options;
    let connection: HttpConnection | undefined;
    let files: FileServer | undefined;
    try {
      connection = await HttpConnection.connect(o.host, o.port, {
        signal,
        logger: this.#log,
        ...(o.password ? { password: o.password } : {}),
        ...(o.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: o.connectTimeoutMs }),
        ...(o.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: o.requestTimeoutMs }),
      });
      const secret = await verifyConnection(connection, o.credentials(), {
        encrypt: o.version === 2,
        signal,
        ...(o.requestTimeoutMs === undefined ? {} : { timeoutMs: o.requestTimeoutMs }),
        ...(o.legacyVerify ? { legacyVerify: o.legacyVerify } : {}),
      });
      let target = url;
      if (isLocalFile(url)) {
        files = await serveFile(url, connection.localAddress ?? "127.0.0.1");
        target = files.url;
        this.#log("serving %s at %s", url, target);
      }
      await playUrl(connection, target, {
        version: o.version,
        secret,
        signal,
        logger: this.#log,
        ...(options.positionSeconds === undefined ? {} : { positionSeconds: options.positionSeconds }),
        ...(o.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: o.requestTimeoutMs }),
        ...(o.name === undefined ? {} : { name: o.name }),
        ...o.player,
      });
      secret?.fill(0);
    } catch (error) {
      // close() stops playback on purpose: that is not an error for the caller.
      if (controller.signal.aborted && !options.signal?.aborted) return;
      throw error;
    } finally {
      this.#active.delete(controller);
      await connection?.close();
      await files?.close();
    }
  }

  /** Stops any playback in progress; idempotent. */
  close(): void {
    for (const controller of this.#active) controller.abort(new InvalidStateError("stream closed"));
  }
}
