/**
 * One RAOP session to an AirPlay 1 or 2 receiver (raop.md §4–§8, §11): RTSP on an `HttpConnection`
 * from @atv/airplay, control/timing UDP (udp-channels.ts) and the paced RTP audio (send-loop.ts).
 *
 * `RaopClient.connect()` runs GET /info, /auth-setup (AirPort + et 4), ANNOUNCE (Digest password
 * on 401), SETUP; `stream()` sends volume/progress/metadata/artwork, /feedback, RECORD, FLUSH
 * and the paced RTP audio, then pads silence to the latency; `close()` sends TEARDOWN.
 */
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { randomBytes, randomInt } from "node:crypto";
import {
  AuthenticationError,
  ConnectionFailedError,
  TypedEmitter,
  createLogger,
  type CallOptions,
  type Logger,
} from "@atv/core";
import { postAuthSetup, protocolVersion } from "@atv/airplay/protocol";
import { type HapCredentials } from "@atv/hap-crypto";
import {
  HttpConnection,
  HttpProtocol,
  PlistReal,
  decodePlistDict,
  digestAuthorization,
  parseDigestChallenge,
  type DigestChallenge,
  type HttpResponse,
  type RequestInit,
} from "@atv/airplay/rtsp";
import { setupAirPlay2 } from "./airplay2-setup.js";
import { txt } from "./discovery.js";
import { encodeTrackMetadata } from "./dmap.js";
import { Pacer, type PacerOptions } from "./pacer.js";
import { SYNC_INTERVAL_FRAMES } from "./packets.js";
import { PACKET_PCM_BYTES, RtpAudioSender } from "./rtp-sender.js";
import { buildSdp, parseTransport, transportPort, type PayloadFormat } from "./sdp.js";
import { sendPaced, type PacketSink } from "./send-loop.js";
import { BACKLOG_PACKETS, UdpChannels } from "./udp-channels.js";
import { ntpNow, ntpToTs, tsToMs } from "./time.js";
import type { RaopClientEvents, RaopTransport, StreamProgress, TrackMetadata } from "./session-types.js";
import { dbToPercent, formatDb, percentToDb } from "./volume.js";

export const SAMPLE_RATE = 44100;
/** 22050 + sample rate (raop.md §2). */
export const DEFAULT_LATENCY_FRAMES = 22050 + SAMPLE_RATE;
export { BACKLOG_PACKETS, PACKET_PCM_BYTES };
export type { RaopClientEvents, RaopTransport, StreamProgress, TrackMetadata };
const USER_AGENT = "AirPlay/550.10";

export interface RaopClientOptions {
  host: string;
  port: number;
  /** `_raop._tcp` TXT record (keys case-insensitive). */
  properties?: Readonly<Record<string, string>>;
  password?: string;
  /** L16 or ALAC escape frames; default from `cn` (PCM when listed or unknown). */
  payload?: PayloadFormat;
  /** Frames of silence padded at the end and announced as latency. Default 66150 (1.5 s). */
  latencyFrames?: number;
  logger?: Logger;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** AirPlay version of the receiver; default from its features (bits 38/48 → 2). */
  version?: 1 | 2;
  /** AirPlay 2: credentials for HAP pair-verify; default transient pairing. */
  credentials?: HapCredentials;
  /** Pacing of the audio (wake-up interval, lead); ignored when `stream()` is given a `pacer`. */
  pacing?: Omit<PacerOptions, "sampleRate" | "framesPerPacket">;
  /** Test hook: return true to drop an outgoing audio packet (first transmission only). */
  dropPacket?: (seq: number, index: number) => boolean;
  /** NTP "now" for timing replies; default the wall clock. A group passes its shared clock. */
  clock?: () => bigint;
}

const list = (value: string | undefined): string[] => (value ?? "").split(",").map((s) => s.trim());

/** Payload format pyatv-style, but L16 only when the receiver lists PCM (`cn` 0) or says nothing. */
export function choosePayload(properties: Readonly<Record<string, string>>): PayloadFormat {
  const cn = txt(properties).get("cn");
  if (cn === undefined) return "L16";
  const codecs = list(cn);
  return codecs.includes("0") || !codecs.includes("1") ? "L16" : "ALAC";
}

export class RaopClient extends TypedEmitter<RaopClientEvents> {
  readonly #o: RaopClientOptions;
  readonly #log: Logger;
  readonly #get: (key: string) => string | undefined;
  readonly #sessionId = randomInt(1, 0xffffffff);
  readonly #dacpId = randomBytes(8).toString("hex").toUpperCase();
  readonly #activeRemote = String(randomInt(1, 0xffffffff));
  readonly #latency: number;
  readonly payload: PayloadFormat;
  readonly version: 1 | 2;
  #connection: HttpConnection | undefined;
  #udp: UdpChannels | undefined;
  #audio: UdpSocket | undefined;
  #challenge: DigestChallenge | undefined;
  #session = "1";
  #serverControlPort = 0;
  #uri = "";
  #startTs = 0n;
  #sender: RtpAudioSender | undefined;
  #initialVolume: number | undefined;
  #volumeDb: number | undefined;
  #closed = false;
  #events: HttpConnection | undefined;
  #shk: Uint8Array | undefined;

  constructor(options: RaopClientOptions) {
    super();
    this.#o = options;
    this.#log = options.logger ?? createLogger("atv:raop");
    const record = txt(options.properties ?? {});
    this.#get = (key) => record.get(key);
    this.#latency = options.latencyFrames ?? DEFAULT_LATENCY_FRAMES;
    this.payload = options.payload ?? choosePayload(options.properties ?? {});
    this.version = options.version ?? protocolVersion({ get: this.#get });
  }

  /** `initialVolume` from GET /info as percent, when the receiver told it. */
  get initialVolume(): number | undefined {
    return this.#initialVolume === undefined ? undefined : dbToPercent(this.#initialVolume);
  }

  get sessionId(): number {
    return this.#sessionId;
  }

  get metadataTypes(): Set<string> {
    return new Set(list(this.#get("md")).filter((s) => s !== ""));
  }

  async #request(init: RequestInit, options: CallOptions = {}): Promise<HttpResponse> {
    const connection = this.#connection;
    if (!connection) throw new ConnectionFailedError("RAOP session is not connected");
    const build = (): RequestInit => {
      const headers: [string, string][] = [["User-Agent", USER_AGENT]];
      for (const [k, v] of Object.entries((init.headers as Record<string, string> | undefined) ?? {}))
        headers.push([k, v]);
      headers.push(
        ["DACP-ID", this.#dacpId],
        ["Active-Remote", this.#activeRemote],
        ["Client-Instance", this.#dacpId],
      );
      if (this.#challenge && this.#o.password !== undefined)
        headers.push([
          "Authorization",
          digestAuthorization(
            this.#challenge,
            { username: "pyatv", password: this.#o.password },
            init.method,
            init.uri,
          ),
        ]);
      return { ...init, protocol: HttpProtocol.Rtsp, headers, ...(init.body ? { body: init.body } : {}) };
    };
    const call = (): Promise<HttpResponse> =>
      connection.request(build(), {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(this.#o.requestTimeoutMs === undefined ? {} : { timeoutMs: this.#o.requestTimeoutMs }),
      });
    let response = await call();
    if (response.status === 401) {
      const header = response.headers.get("WWW-Authenticate");
      if (this.#o.password === undefined)
        throw new AuthenticationError(`${init.method} ${init.uri}: receiver requires a password`);
      if (!header || this.#challenge)
        throw new AuthenticationError(`${init.method} ${init.uri}: wrong password`);
      this.#challenge = parseDigestChallenge(header);
      response = await call();
      if (response.status === 401)
        throw new AuthenticationError(`${init.method} ${init.uri}: wrong password`);
    }
    return response;
  }

  async #expectOk(init: RequestInit, options: CallOptions = {}): Promise<HttpResponse> {
    const response = await this.#request(init, options);
    if (response.status < 200 || response.status >= 300)
      throw new ConnectionFailedError(
        `${init.method} ${init.uri} failed: ${response.status} ${response.reason}`,
      );
    return response;
  }

  /** Opens RTSP, UDP sockets and runs GET /info, /auth-setup, ANNOUNCE, SETUP. */
  async connect(options: CallOptions = {}): Promise<void> {
    const { signal } = options;
    const o = this.#o;
    this.#connection = await HttpConnection.connect(o.host, o.port, {
      logger: this.#log,
      ...(signal ? { signal } : {}),
      ...(o.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: o.connectTimeoutMs }),
      ...(o.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: o.requestTimeoutMs }),
    });
    try {
      await this.#setup(signal);
    } catch (error) {
      await this.#shutdown();
      throw error;
    }
  }

  async #setup(signal: AbortSignal | undefined): Promise<void> {
    const connection = this.#connection as HttpConnection;
    const local = connection.localAddress ?? "127.0.0.1";
    const localIp = local.startsWith("::ffff:") ? local.slice(7) : local;
    const remote = connection.remoteAddress ?? this.#o.host;
    const remoteIp = remote.startsWith("::ffff:") ? remote.slice(7) : remote;
    this.#uri = `rtsp://${localIp}/${this.#sessionId}`;
    const opts = signal ? { signal } : {};

    const info = await this.#request({ method: "GET", uri: "/info" }, opts).catch(() => undefined);
    if (info?.status === 200 && info.body.length > 0) {
      try {
        const dict = decodePlistDict(info.body);
        const v = dict.initialVolume;
        if (v instanceof PlistReal) this.#initialVolume = v.value;
        else if (typeof v === "number") this.#initialVolume = v;
      } catch {
        this.#log("GET /info: body is not a plist dictionary, ignored");
      }
    }
    if (list(this.#get("et")).includes("4") && (this.#get("am") ?? "").startsWith("AirPort")) {
      await postAuthSetup(connection, opts);
    }

    const udp = await UdpChannels.open({
      localAddress: localIp,
      log: this.#log,
      backlog: (seq) => this.#sender?.backlog(seq),
      onRetransmit: (firstSeq, count) => this.emit("retransmit", firstSeq, count),
      clock: this.#o.clock,
    });
    this.#udp = udp;

    let serverPort: number;
    if (this.version === 2) {
      const ap2 = await setupAirPlay2(
        {
          connection,
          uri: this.#uri,
          payload: this.payload,
          sessionId: this.#sessionId,
          timingPort: udp.timingPort,
          controlPort: udp.controlPort,
          eventHost: this.#connectionRemote(),
          credentials: this.#o.credentials,
          requestTimeoutMs: this.#o.requestTimeoutMs,
          log: this.#log,
          expectOk: (init, o) => this.#expectOk(init, o),
        },
        opts,
      );
      serverPort = ap2.dataPort;
      this.#serverControlPort = ap2.controlPort;
      this.#shk = ap2.shk;
      this.#events = ap2.events;
    } else {
      const sdp = buildSdp({
        sessionId: this.#sessionId,
        localAddress: localIp,
        remoteAddress: remoteIp,
        payload: this.payload,
      });
      await this.#expectOk(
        {
          method: "ANNOUNCE",
          uri: this.#uri,
          headers: { "Content-Type": "application/sdp" },
          body: new TextEncoder().encode(sdp),
        },
        opts,
      );
      const { controlPort, timingPort } = udp;
      const setup = await this.#expectOk(
        {
          method: "SETUP",
          uri: this.#uri,
          headers: {
            Transport: `RTP/AVP/UDP;unicast;interleaved=0-1;mode=record;control_port=${controlPort};timing_port=${timingPort}`,
          },
        },
        opts,
      );
      const transport = parseTransport(setup.headers.get("Transport") ?? "");
      serverPort = transportPort(transport, "server_port");
      this.#serverControlPort = transportPort(transport, "control_port");
      this.#session = setup.headers.get("Session")?.split(";")[0]?.trim() || "1";
    }
    this.#audio = createSocket(remoteIp.includes(":") ? "udp6" : "udp4");
    await new Promise<void>((resolve, reject) => {
      const audio = this.#audio as UdpSocket;
      audio.once("error", reject);
      audio.connect(serverPort, remoteIp, () => {
        audio.off("error", reject);
        resolve();
      });
    });
    this.#sender = new RtpAudioSender({
      socket: this.#audio,
      payload: this.payload,
      ssrc: this.#sessionId,
      seq: randomInt(0, 0x10000),
      latencyFrames: this.#latency,
      shk: this.#shk,
      dropPacket: this.#o.dropPacket,
    });
    this.#log(
      "session %s: audio → %s:%d, control → %d (%s)",
      this.#session,
      remoteIp,
      serverPort,
      this.#serverControlPort,
      this.payload,
    );
  }

  #rtpTime(): number {
    return this.#sender?.rtpTime ?? this.#latency;
  }

  #sendSync(): void {
    if (this.#closed) return;
    const headTs = this.#startTs + BigInt(this.#sender?.frames ?? 0);
    const sync = { rtpTime: this.#rtpTime(), latencyFrames: this.#latency, headTs };
    this.#udp?.sendSync(this.#connectionRemote(), this.#serverControlPort, sync);
  }

  #connectionRemote(): string {
    const r = this.#connection?.remoteAddress ?? this.#o.host;
    return r.startsWith("::ffff:") ? r.slice(7) : r;
  }

  /** SET_PARAMETER volume (percent 0–100). */
  async setVolume(percent: number, options: CallOptions = {}): Promise<void> {
    const db = percentToDb(percent);
    await this.#expectOk(
      {
        method: "SET_PARAMETER",
        uri: this.#uri,
        headers: { "Content-Type": "text/parameters" },
        body: new TextEncoder().encode(`volume: ${formatDb(db)}`),
      },
      options,
    );
    this.#volumeDb = db;
  }

  get volumeDb(): number | undefined {
    return this.#volumeDb;
  }

  #rtpInfo(): string {
    return `seq=${this.#sender?.seq ?? 0};rtptime=${this.#rtpTime()}`;
  }

  /**
   * Streams PCM (big-endian s16 stereo 44.1 kHz, any chunking) and resolves once the latency
   * padding is sent. Aborting `signal` stops early (no error: the caller decides).
   */
  async stream(
    pcm: AsyncIterable<Uint8Array>,
    metadata: TrackMetadata,
    options: CallOptions & { volume?: number; pacer?: Pacer } = {},
  ): Promise<void> {
    const { signal } = options;
    const opts = signal ? { signal } : {};
    const sender = this.#sender;
    if (!sender) throw new ConnectionFailedError("RAOP session is not set up");
    this.#startTs = ntpToTs(ntpNow(), SAMPLE_RATE);
    sender.restart();
    this.#sendSync();
    let feedbackTimer: NodeJS.Timeout | undefined;
    try {
      if (options.volume !== undefined) await this.setVolume(options.volume, opts);
      const md = this.metadataTypes;
      const duration = metadata.duration;
      if (md.has("2") && duration !== undefined) {
        const start = this.#rtpTime();
        const end = (start + Math.round(duration * SAMPLE_RATE)) >>> 0;
        await this.#request(
          {
            method: "SET_PARAMETER",
            uri: this.#uri,
            headers: { "Content-Type": "text/parameters" },
            body: new TextEncoder().encode(`progress: ${start}/${start}/${end}`),
          },
          opts,
        );
      }
      const session = { Session: this.#session, "RTP-Info": this.#rtpInfo() };
      if (md.has("0")) {
        await this.#request(
          {
            method: "SET_PARAMETER",
            uri: this.#uri,
            headers: { "Content-Type": "application/x-dmap-tagged", ...session },
            body: encodeTrackMetadata(metadata),
          },
          opts,
        );
      }
      if (md.has("1") && metadata.artwork) {
        await this.#request(
          {
            method: "SET_PARAMETER",
            uri: this.#uri,
            headers: { "Content-Type": "image/jpeg", ...session },
            body: metadata.artwork,
          },
          opts,
        );
      }
      const feedback = await this.#request({ method: "POST", uri: "/feedback" }, opts).catch(() => undefined);
      if (feedback?.status === 200) {
        feedbackTimer = setInterval(
          () => {
            this.#request({ method: "POST", uri: "/feedback" }).catch(() => undefined);
          },
          this.version === 2 ? 2000 : 25_000,
        );
      }
      await this.#expectOk({ method: "RECORD", uri: this.#uri }, opts);
      await this.#expectOk(
        {
          method: "FLUSH",
          uri: this.#uri,
          headers: { Range: "npt=0-", Session: this.#session, "RTP-Info": this.#rtpInfo() },
        },
        opts,
      );
      const progress = (sourceFrames: number): void => {
        this.emit("progress", {
          framesSent: sourceFrames,
          packetsSent: sender.packets,
          position: tsToMs(BigInt(sourceFrames), SAMPLE_RATE) / 1000,
          duration,
        });
      };
      const pacer = options.pacer ?? new Pacer({ ...this.#o.pacing });
      // A sync packet per second of audio, sent from the send loop (no timer of its own: every
      // wake-up of the process costs more than the packets it sends).
      let syncedAt = 0;
      const sink: PacketSink = {
        get pcm() {
          return sender.pcm;
        },
        commit: () => {
          sender.commit();
          if (sender.frames - syncedAt >= SYNC_INTERVAL_FRAMES) {
            syncedAt = sender.frames;
            this.#sendSync();
          }
        },
        get packets() {
          return sender.packets;
        },
      };
      await sendPaced(pcm, sink, pacer, { signal, paddingFrames: this.#latency, onProgress: progress });
    } finally {
      if (feedbackTimer) clearInterval(feedbackTimer);
    }
  }

  // ---- group hooks (group/): a shared sender drives the RTSP session and sockets itself ----
  /** An RTSP request on this session (headers, Digest auth as every other request). */
  request(init: RequestInit, options: CallOptions = {}): Promise<HttpResponse> {
    return this.#request(init, options);
  }

  /** The sockets and session of a connected client; undefined before connect() or after close(). */
  get transport(): RaopTransport | undefined {
    const [audio, control, connection] = [this.#audio, this.#udp?.controlSocket, this.#connection];
    if (!audio || !control || !connection || this.#closed) return undefined;
    return {
      audio,
      control,
      connection,
      remote: this.#connectionRemote(),
      serverControlPort: this.#serverControlPort,
      session: this.#session,
      uri: this.#uri,
      shk: this.#shk,
    };
  }
  // ---- end of group hooks ----

  /** TEARDOWN and close everything; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#connection && !this.#connection.closed && this.#uri) {
      await this.#request({ method: "TEARDOWN", uri: this.#uri, headers: { Session: this.#session } }).catch(
        () => undefined,
      );
    }
    await this.#shutdown();
  }

  async #shutdown(): Promise<void> {
    this.#closed = true;
    this.#udp?.close();
    try {
      this.#audio?.close();
    } catch {
      // already closed
    }
    this.#sender?.clear();
    this.#shk?.fill(0);
    await this.#events?.close();
    await this.#connection?.close();
  }
}
