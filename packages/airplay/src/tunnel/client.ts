/**
 * The client side of the remote-control session (airplay.md §6 steps 3–8) on an already verified
 * and encrypted AirPlay control connection:
 *
 *   SETUP (isRemoteControlOnly) ─▶ event channel (Events keys; every device request answered 200)
 *     ─▶ RECORD ─▶ SETUP data stream (type 130, seed) ─▶ data channel (DataStream keys)
 *     ─▶ POST /feedback every 2 s
 *
 * The tunnel is an MRP frame channel: `new ChannelTransport(tunnel)` runs MRP over its data channel.
 * It owns the three connections: the loss of any of them (or a /feedback that fails twice) drops
 * the others and is reported once, as the `closed` event's error; close() ends all three.
 */
import { randomBytes } from "node:crypto";
import {
  ConnectionLostError,
  HttpError,
  TypedEmitter,
  createLogger,
  type CallOptions,
  type Logger,
} from "@atv/core";
import type { MrpFrameChannel, MrpFrameChannelEvents } from "@atv/mrp";
import { AirPlayHttpError, ConnectionAuthorizationRequiredError } from "../errors.js";
import type { HttpConnection } from "../http/connection.js";
import { HttpProtocol, type HttpRequest, type HttpResponse } from "../http/message.js";
import {
  BINARY_PLIST_CONTENT_TYPE,
  decodePlistDict,
  encodeBinaryPlist,
  type PlistDict,
} from "../plist/index.js";
import { DataChannel } from "./data-channel.js";
import { openEventChannel } from "./event-channel.js";
import { dataStreamKeys } from "./keys.js";
import {
  dataStreamSetupBody,
  newDataStreamSeed,
  parseDataStreamSetupResponse,
  parseRemoteControlSetupResponse,
  remoteControlSetupBody,
  type TunnelClientInfo,
} from "./setup-bodies.js";

/** pyatv's keep-alive period. */
export const FEEDBACK_INTERVAL_MS = 2000;

export interface AirPlayTunnelOptions extends CallOptions {
  /** The device's address; the event and data channels go to the control connection's peer address when known. */
  host: string;
  /** Who we say we are in the session SETUP (name, deviceID …). */
  clientInfo?: Partial<TunnelClientInfo>;
  /** Keep-alive period. Default 2000 ms; 0 disables it (tests). */
  feedbackIntervalMs?: number;
  /** Timeout of each RTSP request and of each channel's connect. Default 10 s. */
  timeoutMs?: number;
  /** Largest MRP message accepted on the data channel. Default 16 MiB. */
  maxMessageBytes?: number;
  /** Sees each request the device sends on the event channel. */
  onEvent?: (request: HttpRequest) => void;
  logger?: Logger;
}

/** Random 64-bit DACP-ID (upper-case hex, no padding) and 32-bit Active-Remote, per tunnel. */
function rtspIdentity(): Record<string, string> {
  const dacpId = randomBytes(8).readBigUInt64BE().toString(16).toUpperCase();
  return {
    "DACP-ID": dacpId,
    "Active-Remote": String(randomBytes(4).readUInt32BE()),
    "Client-Instance": dacpId,
    "User-Agent": "AirPlay/550.10",
  };
}

export class AirPlayTunnel extends TypedEmitter<MrpFrameChannelEvents> implements MrpFrameChannel {
  readonly control: HttpConnection;
  readonly eventChannel: HttpConnection;
  readonly data: DataChannel;
  readonly #log: Logger;
  readonly #headers: Record<string, string>;
  /** A /feedback answer must come within one period (so a silent device is lost within ~2 periods). */
  readonly #feedbackTimeoutMs: number;
  #feedback: ReturnType<typeof setInterval> | undefined;
  #failure: Error | undefined;
  #closing = false;
  #closed = false;
  readonly #done: Promise<void>;

  private constructor(
    control: HttpConnection,
    events: HttpConnection,
    data: DataChannel,
    options: {
      headers: Record<string, string>;
      timeoutMs: number;
      logger: Logger;
      feedbackIntervalMs: number;
    },
  ) {
    super();
    this.control = control;
    this.eventChannel = events;
    this.data = data;
    this.#log = options.logger;
    this.#headers = options.headers;
    this.#feedbackTimeoutMs = Math.min(options.timeoutMs, Math.max(options.feedbackIntervalMs, 500));
    data.on("frame", (frame) => this.emit("frame", frame));
    const closedOf = (c: { on(e: "closed", l: (error: Error | undefined) => void): () => void }) =>
      new Promise<void>((resolve) => {
        c.on("closed", () => resolve());
      });
    this.#done = Promise.all([closedOf(control), closedOf(events), closedOf(data)]).then(() => undefined);
    control.on("closed", (error) => this.#lose("AirPlay control connection", error));
    events.on("closed", (error) => this.#lose("event channel", error));
    data.on("closed", (error) => this.#lose("data channel", error));
    if (options.feedbackIntervalMs > 0) {
      let running = false;
      this.#feedback = setInterval(() => {
        if (running) return;
        running = true;
        void this.#keepAlive().finally(() => (running = false));
      }, options.feedbackIntervalMs);
      this.#feedback.unref();
    }
  }

  /**
   * Runs steps 3–7 on `control` (verified and encrypted with the Control keys of `secret`) and
   * starts the keep-alive. On failure everything opened so far is closed and `control` too.
   */
  static async open(
    control: HttpConnection,
    secret: Uint8Array,
    options: AirPlayTunnelOptions,
  ): Promise<AirPlayTunnel> {
    const log = options.logger ?? createLogger("atv:airplay:tunnel");
    const timeoutMs = options.timeoutMs ?? 10_000;
    const call = { ...(options.signal ? { signal: options.signal } : {}), timeoutMs };
    const headers = rtspIdentity();
    const host = control.remoteAddress ?? options.host;
    const uri = `rtsp://${control.localAddress ?? "127.0.0.1"}/${randomBytes(4).readUInt32BE()}`;
    let events: HttpConnection | undefined;
    let data: DataChannel | undefined;
    try {
      const setup = await rtsp(
        control,
        "SETUP",
        uri,
        headers,
        remoteControlSetupBody(options.clientInfo),
        call,
      );
      const { eventPort } = parseRemoteControlSetupResponse(plistOf(setup));
      log("tunnel: eventPort %d", eventPort);
      events = await openEventChannel(host, eventPort, secret, {
        ...(options.signal ? { signal: options.signal } : {}),
        connectTimeoutMs: timeoutMs,
        logger: log,
        ...(options.onEvent ? { onRequest: options.onEvent } : {}),
      });
      await rtsp(control, "RECORD", uri, headers, undefined, call);
      const seed = newDataStreamSeed();
      const streams = await rtsp(control, "SETUP", uri, headers, dataStreamSetupBody({ seed }), call);
      const { dataPort } = parseDataStreamSetupResponse(plistOf(streams));
      log("tunnel: dataPort %d", dataPort);
      data = await DataChannel.connect(host, dataPort, {
        keys: dataStreamKeys(secret, seed, "client"),
        role: "client",
        ...(options.signal ? { signal: options.signal } : {}),
        connectTimeoutMs: timeoutMs,
        logger: log,
        label: "data channel (client)",
        ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
      });
      if (control.closed || events.closed)
        throw new ConnectionLostError("AirPlay tunnel lost while it was set up");
    } catch (error) {
      await Promise.all([data?.close(), events?.close(), control.close()]);
      throw error;
    }
    return new AirPlayTunnel(control, events, data, {
      headers,
      timeoutMs,
      logger: log,
      feedbackIntervalMs: options.feedbackIntervalMs ?? FEEDBACK_INTERVAL_MS,
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(frame: Uint8Array): void {
    if (this.#closed || this.#closing || this.#failure)
      throw new ConnectionLostError("AirPlay tunnel is closed");
    this.data.send(frame);
  }

  /** Closes the three connections (no TEARDOWN, as pyatv); idempotent. */
  async close(): Promise<void> {
    if (!this.#closed && !this.#closing) {
      this.#closing = true;
      this.#stopFeedback();
      await Promise.all([this.data.close(), this.eventChannel.close(), this.control.close()]);
    }
    await this.#done;
  }

  reset(): void {
    this.data.reset();
  }

  /** One POST /feedback; one retry; then the tunnel is lost. */
  async #keepAlive(): Promise<void> {
    let last: unknown;
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (this.#closing || this.#failure || this.#closed) return;
      try {
        const reply = await this.control.request(
          {
            method: "POST",
            uri: "/feedback",
            protocol: HttpProtocol.Rtsp,
            headers: this.#headers,
          },
          { timeoutMs: this.#feedbackTimeoutMs },
        );
        if (reply.status === 200) return;
        last = new HttpError(`/feedback answered ${reply.status}`, reply.status);
      } catch (error) {
        last = error;
      }
      this.#log("tunnel: /feedback attempt %d failed: %s", attempt, String(last));
    }
    const cause = last instanceof Error ? last : new Error(String(last));
    this.#lose(
      "keep-alive",
      new ConnectionLostError(`AirPlay /feedback failed twice: ${cause.message}`, { cause }),
    );
  }

  /** First loss wins: drop the rest; `closed` comes once, when the data channel is gone. */
  #lose(what: string, error: Error | undefined): void {
    if (this.#closing && !error) {
      this.#finishIfDone();
      return;
    }
    if (what === "data channel" && !error && !this.#failure && !this.#closing) {
      // The device ended the MRP stream cleanly (FIN): a close, not a loss, as in pyatv; the MRP
      // transport on top still calls it a loss if requests were pending. The rest goes too.
      this.#closing = true;
      this.#stopFeedback();
      void this.eventChannel.close();
      void this.control.close();
      this.#finishIfDone();
      return;
    }
    if (!this.#failure && !this.#closing) {
      this.#failure =
        error instanceof ConnectionLostError
          ? error
          : new ConnectionLostError(
              `AirPlay tunnel: ${what} ${error ? `lost: ${error.message}` : "closed by the device"}`,
              {
                ...(error ? { cause: error } : {}),
              },
            );
      this.#log("tunnel: %s", this.#failure.message);
      this.#stopFeedback();
      this.data.abort(this.#failure);
      this.eventChannel.destroy();
      this.control.destroy();
    }
    this.#finishIfDone();
  }

  #finishIfDone(): void {
    if (this.#closed || !this.data.closed) return;
    this.#closed = true;
    this.#stopFeedback();
    this.emit("closed", this.#closing ? undefined : this.#failure);
  }

  #stopFeedback(): void {
    if (this.#feedback) clearInterval(this.#feedback);
    this.#feedback = undefined;
  }
}

async function rtsp(
  control: HttpConnection,
  method: string,
  uri: string,
  headers: Record<string, string>,
  body: PlistDict | undefined,
  options: CallOptions & { timeoutMs: number },
): Promise<HttpResponse> {
  const reply = await control.request(
    {
      method,
      uri,
      protocol: HttpProtocol.Rtsp,
      headers: body ? { ...headers, "Content-Type": BINARY_PLIST_CONTENT_TYPE } : headers,
      ...(body ? { body: encodeBinaryPlist(body) } : {}),
    },
    options,
  );
  if (reply.status === 470) {
    throw new ConnectionAuthorizationRequiredError(
      `AirPlay ${method} for the remote-control tunnel answered 470: credentials missing or not accepted`,
    );
  }
  if (reply.status !== 200) {
    throw new AirPlayHttpError(
      `AirPlay ${method} for the remote-control tunnel answered ${reply.status}`,
      reply.status,
    );
  }
  return reply;
}

function plistOf(reply: HttpResponse): PlistDict {
  return decodePlistDict(reply.body);
}
