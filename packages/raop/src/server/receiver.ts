/**
 * A RAOP receiver (AirPlay 1, AirPort Express profile) for the simulator and tests: RTSP on an
 * `HttpServer` from @atv/airplay, UDP audio and control sockets, optional Digest password. It
 * decodes what it receives (L16 or ALAC escape frames) and keeps the PCM, metadata, artwork,
 * volume and progress in `state`, so tests can compare samples exactly. Gaps in the sequence
 * numbers are asked for again on the control port (retransmit request), as real receivers do.
 */
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { randomBytes } from "node:crypto";
import { TypedEmitter, createLogger, type Logger } from "@atv/core";
import { AuthSetupServer, authSetupRoute, startAirPlayServer, type AirPlayServer } from "@atv/airplay";
import {
  BINARY_PLIST_CONTENT_TYPE,
  HttpServer,
  decodePlistDict,
  type HttpConnection,
  type PlistDict,
  PlistReal,
  decodeTextParameters,
  encodeBinaryPlist,
  response,
  verifyDigestAuthorization,
  type DigestChallenge,
  type HttpRequest,
  type HttpResponse,
} from "@atv/airplay/rtsp";
import { decryptAudioPayload } from "../airplay2.js";
import { decodeAlacEscape } from "../alac.js";
import { decodeTrackMetadata, type TrackText } from "../dmap.js";
import {
  PayloadType,
  decodeAudioPacket,
  decodeRetransmitReply,
  decodeSyncPacket,
  encodeRetransmitRequest,
  packetType,
  type AudioPacket,
  type SyncPacket,
} from "../packets.js";
import { parseSdp, parseTransport, transportPort, type ParsedSdp } from "../sdp.js";

export interface RaopReceiverOptions {
  host?: string;
  port?: number;
  name?: string;
  /** Digest password; requests without a valid Authorization get 401. */
  password?: string;
  /** Model advertised in `am` and /info; default `AirPort10,115` (an AirPort Express, which uses /auth-setup). */
  model?: string;
  /** Reported in GET /info (dB). */
  initialVolume?: number;
  logger?: Logger;
  /**
   * AirPlay 2 flavour (raop.md §11): pairing (transient or HAP) and encryption are required, the
   * SETUPs are plists, audio is ChaCha20-Poly1305 with the sender's `shk`. Built on
   * @atv/airplay's receiver (pairing, Control encryption, event channel).
   */
  airplay2?: boolean;
  /** AirPlay 2: the PIN for HAP pair-setup (default 1111). */
  pin?: string;
  /** Most PCM bytes kept (default 64 MiB); later audio is counted but dropped. */
  maxPcmBytes?: number;
}

export interface ReceiverEvents {
  [event: string]: unknown[];
  request: [method: string, uri: string];
  teardown: [];
}

export class RaopReceiverState {
  readonly requests: { method: string; uri: string; headers: [string, string][] }[] = [];
  sdp: ParsedSdp | undefined;
  metadata: TrackText = {};
  artwork: Uint8Array | undefined;
  /** Last `volume:` in dB. */
  volume: number | undefined;
  progress: [number, number, number] | undefined;
  feedbackCount = 0;
  syncPackets = 0;
  audioPackets = 0;
  retransmitRequests: { firstSeq: number; count: number }[] = [];
  retransmittedPackets = 0;
  firstSeq: number | undefined;
  firstTimestamp: number | undefined;
  /** Every audio packet as it first arrived, `atMs` from performance.now(). */
  readonly arrivals: { seq: number; timestamp: number; atMs: number }[] = [];
  /** Every sync packet as received. */
  readonly syncs: (SyncPacket & { atMs: number })[] = [];
  /** Decoded big-endian PCM keyed by RTP timestamp. */
  readonly frames = new Map<number, Uint8Array>();
  recording = false;
  /** AirPlay 2: audio packets that did not authenticate. */
  rejectedPackets = 0;
  teardown = false;
  authFailures = 0;
  authSetups = 0;

  /** The received PCM (big-endian s16), contiguous from the first packet; missing packets are silence. */
  pcm(): Uint8Array {
    if (this.firstTimestamp === undefined || this.frames.size === 0) return new Uint8Array(0);
    const first = this.firstTimestamp;
    const rel = (ts: number): number => (ts - first) >>> 0;
    let end = 0;
    const bytesPerFrame = (this.sdp?.format.channels ?? 2) * 2;
    for (const [ts, pcm] of this.frames) end = Math.max(end, rel(ts) * bytesPerFrame + pcm.length);
    const out = new Uint8Array(end);
    for (const [ts, pcm] of this.frames) out.set(pcm, rel(ts) * bytesPerFrame);
    return out;
  }
}

export interface RaopReceiver {
  readonly port: number;
  readonly host: string;
  readonly state: RaopReceiverState;
  readonly events: TypedEmitter<ReceiverEvents>;
  /** TXT record for `_raop._tcp` advertising this receiver. */
  txt(): Record<string, string>;
  close(): Promise<void>;
}

class Emitter extends TypedEmitter<ReceiverEvents> {
  fire<K extends keyof ReceiverEvents & string>(event: K, ...args: ReceiverEvents[K]): void {
    this.emit(event, ...args);
  }
}

async function bind(host: string): Promise<UdpSocket> {
  const socket = createSocket(host.includes(":") ? "udp6" : "udp4");
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, host, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  return socket;
}

export async function startRaopReceiver(options: RaopReceiverOptions = {}): Promise<RaopReceiver> {
  const log = options.logger ?? createLogger("atv:raop:receiver");
  const host = options.host ?? "127.0.0.1";
  const state = new RaopReceiverState();
  const events = new Emitter();
  const maxPcm = options.maxPcmBytes ?? 64 * 1024 * 1024;
  const model = options.model ?? "AirPort10,115";
  const airport = model.startsWith("AirPort");
  const challenge: DigestChallenge = { realm: "raop", nonce: randomBytes(16).toString("hex") };
  const audio = await bind(host);
  const control = await bind(host);
  const authSetup = new AuthSetupServer();
  const authSetupHandler = authSetupRoute(authSetup);
  let pcmBytes = 0;
  let clientControl: { port: number; address: string } | undefined;
  let expectedSeq: number | undefined;

  const store = (packet: AudioPacket, retransmitted: boolean): void => {
    const sdp = state.sdp;
    if (!sdp) return;
    if (state.firstTimestamp === undefined) {
      state.firstTimestamp = packet.timestamp;
      state.firstSeq = packet.seq;
    }
    if (state.frames.has(packet.timestamp)) return;
    const pcm =
      sdp.payload === "ALAC"
        ? decodeAlacEscape(packet.payload, sdp.framesPerPacket, sdp.format.channels)
        : packet.payload.slice();
    if (pcmBytes + pcm.length > maxPcm) return;
    pcmBytes += pcm.length;
    state.frames.set(packet.timestamp, pcm);
    if (retransmitted) state.retransmittedPackets++;
  };

  let shk: Uint8Array | undefined;
  const open = (msg: Uint8Array): AudioPacket => {
    if (!shk) return decodeAudioPacket(msg);
    const plain = decryptAudioPayload(msg, shk);
    const header = decodeAudioPacket(msg.subarray(0, 12));
    return { ...header, payload: plain };
  };
  audio.on("message", (msg, rinfo) => {
    try {
      let packet: AudioPacket;
      try {
        packet = open(msg);
      } catch (error) {
        if (shk) state.rejectedPackets++;
        throw error;
      }
      state.audioPackets++;
      state.arrivals.push({ seq: packet.seq, timestamp: packet.timestamp, atMs: performance.now() });
      if (packet.marker) expectedSeq = packet.seq;
      if (expectedSeq !== undefined && packet.seq !== expectedSeq && clientControl) {
        const gap = (packet.seq - expectedSeq) & 0xffff;
        if (gap > 0 && gap < 1000) {
          state.retransmitRequests.push({ firstSeq: expectedSeq, count: gap });
          control.send(
            encodeRetransmitRequest({ firstSeq: expectedSeq, count: gap }),
            clientControl.port,
            clientControl.address,
          );
        }
      }
      expectedSeq = (packet.seq + 1) & 0xffff;
      store(packet, false);
    } catch (error) {
      log("audio from %s: %s", rinfo.address, error instanceof Error ? error.message : String(error));
    }
  });
  control.on("message", (msg) => {
    try {
      const type = packetType(msg);
      if (type === PayloadType.Sync) {
        state.syncs.push({ ...decodeSyncPacket(msg), atMs: performance.now() });
        state.syncPackets++;
      } else if (type === PayloadType.RetransmitReply) {
        store(open(decodeRetransmitReply(msg)), true);
      }
    } catch (error) {
      log("control: %s", error instanceof Error ? error.message : String(error));
    }
  });

  const ok = (headers: Record<string, string> = {}, body?: Uint8Array): HttpResponse =>
    response({ status: 200, headers, ...(body ? { body } : {}) });

  const handler = (request: HttpRequest): HttpResponse => {
    state.requests.push({ method: request.method, uri: request.uri, headers: request.headers.entries() });
    events.fire("request", request.method, request.uri);
    const { method } = request;
    if (method === "GET" && request.uri === "/info") {
      const info: Record<string, unknown> = { name: options.name ?? "atv RAOP", model };
      if (options.initialVolume !== undefined) info.initialVolume = new PlistReal(options.initialVolume);
      return ok({ "Content-Type": BINARY_PLIST_CONTENT_TYPE }, encodeBinaryPlist(info as never));
    }
    const auth = authSetupHandler(request);
    if (auth) {
      state.authSetups++;
      return auth;
    }
    if (method === "POST" && request.uri === "/feedback") {
      state.feedbackCount++;
      return ok();
    }
    if (method === "OPTIONS")
      return ok({
        Public: "ANNOUNCE, SETUP, RECORD, PAUSE, FLUSH, TEARDOWN, OPTIONS, GET_PARAMETER, SET_PARAMETER",
      });
    if (options.password !== undefined) {
      if (
        !verifyDigestAuthorization(request.headers.get("Authorization"), challenge, options.password, method)
      ) {
        state.authFailures++;
        return response({
          status: 401,
          headers: { "WWW-Authenticate": `Digest realm="${challenge.realm}", nonce="${challenge.nonce}"` },
        });
      }
    }
    switch (method) {
      case "ANNOUNCE":
        try {
          state.sdp = parseSdp(new TextDecoder().decode(request.body));
        } catch (error) {
          log("ANNOUNCE: %s", error instanceof Error ? error.message : String(error));
          return response({ status: 415 });
        }
        return ok();
      case "SETUP": {
        try {
          const items = parseTransport(request.headers.get("Transport") ?? "");
          clientControl = { port: transportPort(items, "control_port"), address: "" };
        } catch {
          return response({ status: 400 });
        }
        return ok({
          Transport: `RTP/AVP/UDP;unicast;mode=record;server_port=${audio.address().port};control_port=${control.address().port};timing_port=0`,
          Session: "1",
          "Audio-Jack-Status": "connected; type=analog",
        });
      }
      case "RECORD":
        state.recording = true;
        return ok({ "Audio-Latency": "11025" });
      case "FLUSH":
        expectedSeq = undefined;
        return ok();
      case "SET_PARAMETER": {
        const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
        if (type.startsWith("text/parameters")) {
          const params = decodeTextParameters(request.body);
          const volume = params.get("volume");
          if (volume !== undefined) state.volume = Number(volume);
          const progress = params.get("progress");
          if (progress !== undefined) {
            const parts = progress.split("/").map(Number);
            if (parts.length === 3 && parts.every(Number.isFinite))
              state.progress = parts as [number, number, number];
          }
        } else if (type.startsWith("application/x-dmap-tagged")) {
          try {
            state.metadata = decodeTrackMetadata(request.body);
          } catch {
            return response({ status: 400 });
          }
        } else if (type.startsWith("image/")) {
          state.artwork = request.body.slice();
        }
        return ok();
      }
      case "TEARDOWN":
        state.teardown = true;
        state.recording = false;
        events.fire("teardown");
        return ok();
      default:
        return response({ status: 501 });
    }
  };

  const remember = (connection: HttpConnection): void => {
    if (clientControl && clientControl.address === "") {
      const remote = connection.remoteAddress ?? host;
      clientControl.address = remote.startsWith("::ffff:") ? remote.slice(7) : remote;
    }
  };

  /** AirPlay 2 stream SETUP: `{"streams": [{type, ct, shk, controlPort, …}]}` → our data/control ports. */
  const streamSetup = (body: PlistDict, connection: HttpConnection): HttpResponse => {
    const first = Array.isArray(body["streams"]) ? body["streams"][0] : undefined;
    const stream =
      first && typeof first === "object" && !(first instanceof Uint8Array) && !Array.isArray(first)
        ? (first as PlistDict)
        : {};
    const key = stream["shk"];
    const controlPort = stream["controlPort"];
    if (!(key instanceof Uint8Array) || key.length !== 32 || typeof controlPort !== "number")
      return response({ status: 400 });
    shk = key.slice();
    const ct = stream["ct"];
    const spf = typeof stream["spf"] === "number" ? stream["spf"] : 352;
    state.sdp = {
      payload: ct === 2 ? "ALAC" : "L16",
      format: { sampleRate: 44100, channels: 2, bitsPerSample: 16 },
      framesPerPacket: spf,
      encrypted: true,
    };
    clientControl = { port: controlPort, address: "" };
    remember(connection);
    return response({
      status: 200,
      headers: { "Content-Type": BINARY_PLIST_CONTENT_TYPE },
      body: encodeBinaryPlist({
        streams: [
          { type: 96, streamID: 1, dataPort: audio.address().port, controlPort: control.address().port },
        ],
      }),
    });
  };

  let server: HttpServer | AirPlayServer;
  if (options.airplay2) {
    server = await startAirPlayServer({
      host,
      ...(options.port === undefined ? {} : { port: options.port }),
      pin: options.pin ?? "1111",
      identity: { name: options.name ?? "atv RAOP", model, features: 0x1c340445f8a00n, flags: 0x4 },
      logger: log,
      extraRoutes: [
        (request, connection) => {
          const path = request.uri.split("?")[0] ?? request.uri;
          if (path.startsWith("/pair") || path === "/info" || path === "/auth-setup") return undefined;
          if (!connection.encrypted) return response({ status: 470 });
          if (request.method === "SETUP") {
            let body: PlistDict;
            try {
              body = decodePlistDict(request.body);
            } catch {
              return response({ status: 400 });
            }
            if (!Array.isArray(body["streams"])) return undefined; // session SETUP: the AirPlay receiver opens events
            state.requests.push({
              method: request.method,
              uri: request.uri,
              headers: request.headers.entries(),
            });
            return streamSetup(body, connection);
          }
          return handler(request);
        },
      ],
    });
  } else {
    server = await HttpServer.listen({
      host,
      ...(options.port === undefined ? {} : { port: options.port }),
      handler: (request, connection) => {
        const result = handler(request);
        remember(connection);
        return result;
      },
      logger: log,
      label: "raop-receiver",
      responseHeaders: { Server: "AirTunes/366.0", "Audio-Jack-Status": "connected; type=analog" },
    });
  }

  let closing: Promise<void> | undefined;
  return {
    port: server.port,
    host: server.host,
    state,
    events,
    txt: () => ({
      txtvers: "1",
      ch: "2",
      cn: "0,1",
      da: "true",
      et: airport ? "0,4" : "0,3,5",
      md: "0,1,2",
      pw: options.password === undefined ? "false" : "true",
      sf: options.password === undefined ? "0x4" : "0x84",
      sr: "44100",
      ss: "16",
      sv: "false",
      tp: "UDP",
      vn: "65537",
      vs: "366.0",
      am: model,
      // AirPlay 2 adds bits 38 and 48 (SupportsUnifiedMediaControl, CoreUtils pairing).
      ft: options.airplay2 ? "0x445F8A00,0x1C340" : "0x445F8A00",
    }),
    close: () =>
      (closing ??= (async () => {
        await server.close();
        audio.close();
        control.close();
      })()),
  };
}
