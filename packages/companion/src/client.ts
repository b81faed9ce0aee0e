/** * A Companion client connection: TCP, pair-verify, encryption and pyatv's connect sequence
 * (companion.md §6). Capabilities are built on it.
 *
 *   connect ─▶ pair-verify ─▶ encryption ─▶ _systemInfo ─▶ _touchStart ─▶ _sessionStart
 *     ─▶ TVRCSessionStart ─▶ _tiStart ─▶ _interest(_iMC) ─▶ FetchAttentionState
 *     ─▶ _interest(SystemStatus, TVSystemStatus) ─▶ ready ─▶ close (dereg, stops) ─▶ closed
 */
import { randomBytes, randomInt } from "node:crypto";
import {
  InvalidCredentialsError,
  NoCredentialsError,
  TypedEmitter,
  createLogger,
  rethrowAsCore,
  type CallOptions,
  type Logger,
} from "@atv/core";
import { parseCredentials, type HapPairingCredentials } from "@atv/hap-crypto";
import { pairVerify } from "./auth.js";
import { TOUCHPAD_HEIGHT, TOUCHPAD_WIDTH, TV_REMOTE_SERVICE } from "./codec/constants.js";
import { OpackFloat, opackGet, opackNumber, type OpackValue } from "./codec/opack.js";
import { CompanionConnection } from "./connection.js";
import { CompanionRequestError } from "./errors.js";
import { CompanionSession, type RequestOptions, type SessionEvents } from "./session.js";

export interface CompanionClientOptions extends CallOptions {
  /** pyatv's `ltpk:ltsk:atv_id:client_id` credentials; Companion needs them. */
  credentials: string;
  /** Our name (`_systemInfo.name`). Default `atv`. */
  name?: string;
  /** The stable 12-hex-char client id (`_systemInfo._i`, settings `info.rp_id`). Random if omitted. */
  rpId?: string;
  /** `_systemInfo._pubID` (settings `info.device_id`). */
  deviceId?: string;
  /** `_systemInfo.model` (settings `info.model`). */
  model?: string;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  maxFrameBytes?: number;
  logger?: Logger;
  /** Test hooks for replaying captures: the first `_x`, our `_sid` and the pair-verify key. */
  firstXid?: number;
  localSid?: number;
  ephemeralSecretKey?: Uint8Array;
}

export interface CompanionClientEvents extends SessionEvents {
  /** `_iMC`: the media-control flags changed. */
  mediaControlFlags: [flags: number];
  /** SystemStatus/TVSystemStatus or FetchAttentionState. */
  systemStatus: [status: number];
  /** Text input focus: `_tiD` of `_tiStart`/`_tiStarted`, or undefined for `_tiStopped`/no field. */
  textInput: [tiD: Uint8Array | undefined];
}

/** Events a client subscribes to with `_interest`. */
const POWER_EVENTS = ["SystemStatus", "TVSystemStatus"] as const;

export class CompanionClient extends TypedEmitter<CompanionClientEvents> implements AsyncDisposable {
  readonly session: CompanionSession;
  readonly logger: Logger;
  /** ns timestamp of `_touchStart` (the touch time base). */
  touchBase = process.hrtime.bigint();
  #mediaControlFlags = 0;
  #systemStatus: number | undefined;
  #sid: bigint | undefined;
  #textInputData: Uint8Array | undefined | null = null;
  readonly #subscribed: string[] = [];
  #closing: Promise<void> | undefined;

  private constructor(session: CompanionSession, logger: Logger) {
    super();
    this.session = session;
    this.logger = logger;
    session.listen("_iMC", (content) => {
      const flags = opackNumber(opackGet(content, "_mcF"));
      if (flags === undefined) return;
      this.#mediaControlFlags = flags;
      this.emit("mediaControlFlags", flags);
    });
    for (const name of POWER_EVENTS) {
      session.listen(name, (content) => {
        const state = opackNumber(opackGet(content, "state"));
        if (state !== undefined) this.#setSystemStatus(state);
      });
    }
    session.listen("_tiStarted", (content) => this.#textInput(content));
    session.listen("_tiStopped", () => this.#textInput({}));
    session.on("connectionLost", (error) => this.emit("connectionLost", error));
    session.on("connectionClosed", () => this.emit("connectionClosed"));
    session.on("unexpected", (error) => this.emit("unexpected", error));
  }

  /** Connects, verifies with the credentials and runs the connect sequence. */
  static async connect(
    host: string,
    port: number,
    options: CompanionClientOptions,
  ): Promise<CompanionClient> {
    const credentials = parseHapCredentials(options.credentials);
    const logger = options.logger ?? createLogger("atv:companion");
    const connection = await CompanionConnection.connect(host, port, {
      logger,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
      ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
    });
    const session = new CompanionSession(connection, {
      logger,
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
      ...(options.firstXid === undefined ? {} : { firstXid: options.firstXid }),
    });
    const client = new CompanionClient(session, logger);
    try {
      await client.#start(credentials, options);
    } catch (error) {
      await session.close();
      throw error;
    }
    return client;
  }

  get closed(): boolean {
    return this.session.closed;
  }

  /** The last `_mcF` flags (0 until the first `_iMC`). */
  get mediaControlFlags(): number {
    return this.#mediaControlFlags;
  }

  /** The last system status, undefined when the device never said. */
  get systemStatus(): number | undefined {
    return this.#systemStatus;
  }

  /** The last text-input state: `_tiD` while a field has focus, undefined without, null before the first. */
  get textInput(): Uint8Array | undefined | null {
    return this.#textInputData;
  }

  /** Sends a request and returns its `_c`. */
  async request(
    identifier: string,
    content: OpackValue = {},
    options: RequestOptions = {},
  ): Promise<OpackValue> {
    return (await this.session.request(identifier, content, options)).content;
  }

  /** Subscribes to an event (`_interest` `_regEvents`), once. */
  subscribe(event: string): void {
    if (this.#subscribed.includes(event)) return;
    this.session.event("_interest", { _regEvents: [event] });
    this.#subscribed.push(event);
  }

  /** Ends the session as pyatv does (deregister, stop session/touch/text input), then closes. Idempotent. */
  close(): Promise<void> {
    return (this.#closing ??= this.#close());
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #close(): Promise<void> {
    if (!this.session.closed) {
      const quick = { timeoutMs: 1000 };
      try {
        for (const event of this.#subscribed.splice(0))
          this.session.event("_interest", { _deregEvents: [event] });
        if (this.#sid !== undefined) {
          await this.session.request("_sessionStop", { _srvT: TV_REMOTE_SERVICE, _sid: this.#sid }, quick);
        }
        await this.session.request("_touchStop", { _i: 1 }, quick);
        await this.session.request("_tiStop", {}, quick);
      } catch (error) {
        this.logger(
          "ignoring error while disconnecting: %s",
          error instanceof Error ? error.message : String(error),
        );
      }
    }
    await this.session.close();
  }

  async #start(credentials: HapPairingCredentials, options: CompanionClientOptions): Promise<void> {
    const call: RequestOptions = options.signal ? { signal: options.signal } : {};
    const cipher = await pairVerify(this.session, credentials, {
      ...call,
      ...(options.ephemeralSecretKey ? { ephemeralSecretKey: options.ephemeralSecretKey } : {}),
    });
    this.session.connection.enableEncryption(cipher);
    await this.session.request(
      "_systemInfo",
      {
        _bf: 0,
        _cf: 512,
        // pyatv means 128 but writes `30 80` (unsigned int8), which devices read as −128; these
        // are the bytes every Apple TV has seen from pyatv, so send them (companion.md §3).
        _clFl: -128,
        _i: options.rpId ?? randomBytes(6).toString("hex"),
        _idsID: credentials.clientId,
        _pubID: options.deviceId ?? "FF:70:79:61:74:76",
        _sf: 256,
        _sv: "170.18",
        model: options.model ?? "iPhone10,6",
        name: options.name ?? "atv",
      },
      call,
    );
    this.touchBase = process.hrtime.bigint();
    await this.session.request(
      "_touchStart",
      { _height: new OpackFloat(TOUCHPAD_HEIGHT), _tFl: 0, _width: new OpackFloat(TOUCHPAD_WIDTH) },
      call,
    );
    await this.#sessionStart(options.localSid ?? randomInt(0, 2 ** 32 - 1), call);
    try {
      await this.session.request("TVRCSessionStart", { ProtocolVersionKey: "1.2" }, call);
    } catch (error) {
      this.logger("TVRCSessionStart failed (older device): %s", String(error));
    }
    const ti = await this.session.request("_tiStart", {}, call);
    this.#textInput(ti.content);
    this.subscribe("_iMC");
    try {
      const attention = await this.session.request("FetchAttentionState", {}, call);
      const state = opackNumber(opackGet(attention.content, "state"));
      if (state !== undefined) this.#setSystemStatus(state);
    } catch (error) {
      this.logger("FetchAttentionState failed, power state unknown: %s", String(error));
    }
    for (const event of POWER_EVENTS) this.subscribe(event);
  }

  async #sessionStart(localSid: number, call: RequestOptions): Promise<void> {
    try {
      const reply = await this.session.request(
        "_sessionStart",
        { _srvT: TV_REMOTE_SERVICE, _sid: localSid },
        call,
      );
      const remote = opackNumber(opackGet(reply.content, "_sid"));
      if (remote !== undefined) this.#sid = (BigInt(remote >>> 0) << 32n) | BigInt(localSid >>> 0);
    } catch (error) {
      // Seen in the wild: "Unsupported service type". Apps and buttons still work without it.
      if (!(error instanceof CompanionRequestError)) throw error;
      this.logger("_sessionStart refused: %s", error.message);
    }
  }

  #setSystemStatus(state: number): void {
    this.#systemStatus = state;
    this.emit("systemStatus", state);
  }

  #textInput(content: OpackValue): void {
    const tiD = opackGet(content, "_tiD");
    this.#textInputData = tiD instanceof Uint8Array ? tiD : undefined;
    this.emit("textInput", this.#textInputData);
  }
}

/** Parses Companion credentials; NoCredentialsError when absent, InvalidCredentialsError unless HAP. */
export function parseHapCredentials(text: string | undefined): HapPairingCredentials {
  if (!text)
    throw new NoCredentialsError("Companion needs credentials: pair with --protocol companion first");
  let parsed;
  try {
    parsed = parseCredentials(text);
  } catch (error) {
    rethrowAsCore(error, "Companion credentials");
  }
  if (parsed.kind !== "hap")
    throw new InvalidCredentialsError(`Companion needs HAP credentials, got ${parsed.kind}`);
  return parsed;
}
