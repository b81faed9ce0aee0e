/**
 * play_url over an authenticated AirPlay connection (airplay.md §7): AirPlay 1 `/play`, or the
 * AirPlay 2 session (SETUP with timing port and event channel, /feedback keep-alive, RECORD, /play,
 * the properties and /rate), then `/playback-info` polling until playback ends or fails.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { ConnectionLostError, PlaybackError, createLogger, type CallOptions, type Logger } from "@atv/core";
import { deriveAirPlayEventKeys } from "@atv/hap-crypto";
import { AirPlayHttpError, ConnectionAuthorizationRequiredError } from "./errors.js";
import { HttpConnection } from "./http/connection.js";
import { HttpProtocol, response, type HttpResponse } from "./http/message.js";
import {
  BINARY_PLIST_CONTENT_TYPE,
  decodePlistDict,
  encodeBinaryPlist,
  isPlistDict,
  PlistReal,
  type PlistDict,
} from "./plist/index.js";
import { startTimingResponder, type TimingResponder } from "./timing.js";

export interface PlayUrlOptions extends CallOptions {
  positionSeconds?: number;
  /** AirPlay major version of the receiver. */
  version: 1 | 2;
  /** The session secret (pair-verify X or transient K): AirPlay 2 needs it for the event channel. */
  secret?: Uint8Array | undefined;
  /** Interval of `/playback-info` polls. Default 1000 ms (pyatv). */
  pollIntervalMs?: number;
  /** Wait between `/play` retries after a 500. Default 1000 ms. */
  retryDelayMs?: number;
  /** Polls without `duration` allowed before playback started. Default 5. */
  startupPolls?: number;
  requestTimeoutMs?: number;
  /** Client name (AirPlay 2 SETUP `name`). */
  name?: string;
  logger?: Logger;
}

const PLAY_TRIES = 3;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function check(answer: HttpResponse, what: string): HttpResponse {
  if (answer.status === 470)
    throw new ConnectionAuthorizationRequiredError(`${what}: 470 Connection Authorization Required`);
  if (answer.status < 200 || answer.status >= 300)
    throw new AirPlayHttpError(`${what}: device answered ${answer.status} ${answer.reason}`, answer.status);
  return answer;
}

/** Plays `url` and resolves once playback ended (or the connection closed). */
export async function playUrl(
  connection: HttpConnection,
  url: string,
  options: PlayUrlOptions,
): Promise<void> {
  const log = options.logger ?? createLogger("atv:airplay:player");
  const call = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
  };
  let session: AirPlay2Session | undefined;
  let accepted = false;
  try {
    if (options.version === 2) {
      session = await AirPlay2Session.start(connection, options, log);
      await session.play(url, options);
      accepted = true;
    } else {
      await playV1(connection, url, options);
      accepted = true;
    }
    await waitForPlayback(connection, options, log);
  } catch (error) {
    // A connection closed by the device once /play was accepted means "stopped" (pyatv); before
    // that it is a failure.
    if (accepted && error instanceof ConnectionLostError && !options.signal?.aborted) {
      log("connection closed: playback stopped");
      return;
    }
    throw error;
  } finally {
    await session?.close(call);
  }
}

async function playV1(connection: HttpConnection, url: string, options: PlayUrlOptions): Promise<void> {
  const body = encodeBinaryPlist({
    "Content-Location": url,
    "Start-Position": Math.trunc(options.positionSeconds ?? 0),
    "X-Apple-Session-ID": randomUUID(),
  });
  await postPlay(connection, options, () => ({
    method: "POST",
    uri: "/play",
    headers: [
      ["User-Agent", "MediaControl/1.0"],
      ["Content-Type", BINARY_PLIST_CONTENT_TYPE],
    ],
    body,
  }));
}

/** POST /play; a 500 is retried (3 tries, 1 s apart); other errors are typed. */
async function postPlay(
  connection: HttpConnection,
  options: PlayUrlOptions,
  build: () => { method: string; uri: string; headers: [string, string][]; body: Uint8Array },
): Promise<void> {
  const call = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
  };
  for (let attempt = 1; ; attempt++) {
    const answer = await connection.request(build(), call);
    if (answer.status === 500 && attempt < PLAY_TRIES) {
      await sleep(options.retryDelayMs ?? 1000, options.signal);
      continue;
    }
    check(answer, "/play");
    return;
  }
}

/** airplay.md §7.3: poll until playback ends; `error` in the answer fails with its code/domain. */
async function waitForPlayback(
  connection: HttpConnection,
  options: PlayUrlOptions,
  log: Logger,
): Promise<void> {
  const interval = options.pollIntervalMs ?? 1000;
  let startupPolls = options.startupPolls ?? 5;
  let started = false;
  for (;;) {
    const answer = check(
      await connection.request(
        { method: "GET", uri: "/playback-info", headers: [["User-Agent", "MediaControl/1.0"]] },
        {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
        },
      ),
      "/playback-info",
    );
    const info = answer.body.length > 0 ? decodePlistDict(answer.body) : {};
    const error = info["error"];
    if (error !== undefined) {
      const detail = isPlistDict(error) ? error : {};
      const text = (v: unknown): string =>
        typeof v === "string" || typeof v === "number" || typeof v === "bigint" ? String(v) : "?";
      throw new PlaybackError(
        `playback failed: code ${text(detail["code"])}, domain ${text(detail["domain"])}`,
      );
    }
    if (info["duration"] !== undefined) {
      if (!started) log("playback started");
      started = true;
    } else if (started) {
      log("playback ended");
      return;
    } else if (--startupPolls <= 0) {
      log("playback never started");
      return;
    }
    await sleep(interval, options.signal);
  }
}

/** The AirPlay 2 session around `/play` (airplay.md §7, AirPlay 2 receiver). */
class AirPlay2Session {
  readonly #connection: HttpConnection;
  readonly #log: Logger;
  readonly #uri: string;
  readonly #dacpId = randomBytes(8).readBigUInt64BE().toString(16).toUpperCase();
  readonly #activeRemote = String(randomBytes(4).readUInt32BE());
  #timing: TimingResponder | undefined;
  #events: HttpConnection | undefined;
  #feedback: NodeJS.Timeout | undefined;

  private constructor(connection: HttpConnection, log: Logger) {
    this.#connection = connection;
    this.#log = log;
    const local = connection.localAddress ?? "127.0.0.1";
    this.#uri = `rtsp://${local.includes(":") ? `[${local}]` : local}/${randomBytes(4).readUInt32BE()}`;
  }

  static async start(
    connection: HttpConnection,
    options: PlayUrlOptions,
    log: Logger,
  ): Promise<AirPlay2Session> {
    const session = new AirPlay2Session(connection, log);
    try {
      await session.#setup(options);
    } catch (error) {
      await session.close({});
      throw error;
    }
    return session;
  }

  #headers(extra: [string, string][] = []): [string, string][] {
    return [
      ["DACP-ID", this.#dacpId],
      ["Active-Remote", this.#activeRemote],
      ["Client-Instance", this.#dacpId],
      ["User-Agent", "AirPlay/550.10"],
      ...extra,
    ];
  }

  async #rtsp(
    method: string,
    uri: string,
    body: PlistDict | undefined,
    options: PlayUrlOptions,
  ): Promise<HttpResponse> {
    const answer = await this.#connection.request(
      {
        method,
        uri,
        protocol: HttpProtocol.Rtsp,
        headers: this.#headers(body ? [["Content-Type", BINARY_PLIST_CONTENT_TYPE]] : []),
        ...(body ? { body: encodeBinaryPlist(body) } : {}),
      },
      {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
      },
    );
    return check(answer, `${method} ${uri}`);
  }

  async #setup(options: PlayUrlOptions): Promise<void> {
    const local = this.#connection.localAddress ?? "127.0.0.1";
    this.#timing = await startTimingResponder(local);
    const setup = await this.#rtsp(
      "SETUP",
      this.#uri,
      {
        deviceID: "AA:BB:CC:DD:EE:FF",
        sessionUUID: randomUUID().toUpperCase(),
        timingPort: this.#timing.port,
        timingProtocol: "NTP",
        isMultiSelectAirPlay: true,
        groupContainsGroupLeader: false,
        macAddress: "AA:BB:CC:DD:EE:FF",
        model: "iPhone14,3",
        name: options.name ?? "atv",
        osBuildVersion: "20F66",
        osName: "iPhone OS",
        osVersion: "16.5",
        senderSupportsRelay: false,
        sourceVersion: "690.7.1",
        statsCollectionEnabled: false,
      },
      options,
    );
    const answer = setup.body.length > 0 ? decodePlistDict(setup.body) : {};
    const eventPort = answer["eventPort"];
    if (typeof eventPort === "number" && eventPort > 0 && options.secret) {
      this.#events = await this.#connectEvents(eventPort, options);
    }
    this.#feedback = setInterval(() => {
      this.#rtsp("POST", "/feedback", undefined, { version: 2 }).catch((error: unknown) =>
        this.#log("feedback failed: %s", error instanceof Error ? error.message : String(error)),
      );
    }, 2000);
    this.#feedback.unref();
    await this.#rtsp("RECORD", this.#uri, undefined, options);
  }

  /** The event channel: encrypted with the Events keys; some receivers open it late (5 tries, 1 s apart). */
  async #connectEvents(port: number, options: PlayUrlOptions): Promise<HttpConnection> {
    const host = this.#connection.remoteAddress ?? "127.0.0.1";
    for (let attempt = 1; ; attempt++) {
      try {
        const events = await HttpConnection.connect(host, port, {
          label: "events",
          logger: this.#log,
          ...(options.signal ? { signal: options.signal } : {}),
          // The receiver sends requests here (POST /command); answer each with 200.
          requestHandler: () => response({ status: 200, headers: [["Audio-Latency", "0"]] }),
        });
        events.enableEncryption(deriveAirPlayEventKeys(options.secret as Uint8Array, "client"));
        return events;
      } catch (error) {
        if (attempt >= 5 || options.signal?.aborted) throw error;
        await sleep(1000, options.signal);
      }
    }
  }

  async play(url: string, options: PlayUrlOptions): Promise<void> {
    const sessionId = randomUUID().toLowerCase();
    const body = encodeBinaryPlist({
      "Content-Location": url,
      "Start-Position-Seconds": new PlistReal(options.positionSeconds ?? 0),
      uuid: sessionId.toUpperCase(),
      streamType: 1,
      mediaType: "file",
      rate: new PlistReal(1),
      volume: new PlistReal(1),
      mightSupportStorePastisKeyRequests: true,
      playbackRestrictions: 0,
      referenceRestrictions: 3,
      clientProcName: "atv",
    });
    await postPlay(this.#connection, options, () => ({
      method: "POST",
      uri: "/play",
      headers: [
        ["User-Agent", "AirPlay/550.10"],
        ["Content-Type", BINARY_PLIST_CONTENT_TYPE],
        ["X-Apple-ProtocolVersion", "1"],
        ["X-Apple-Session-ID", sessionId],
        ["X-Apple-Stream-ID", "1"],
      ],
      body,
    }));
    const put = (name: string, value: PlistDict[string]): Promise<HttpResponse> =>
      this.#rtsp("PUT", `/setProperty?${name}`, { value }, options);
    await put("isInterestedInDateRange", true);
    await put("actionAtItemEnd", 0);
    await this.#rtsp("POST", "/rate?value=1.000000", undefined, options);
    const time = { flags: 0, value: 0, epoch: 0, timescale: 0 };
    await put("forwardEndTime", time);
    await put("reverseEndTime", { ...time });
  }

  async close(options: CallOptions): Promise<void> {
    if (this.#feedback) clearInterval(this.#feedback);
    this.#feedback = undefined;
    await this.#events?.close();
    this.#events = undefined;
    await this.#timing?.close();
    this.#timing = undefined;
    void options;
  }
}
