/**
 * The device side of AirPlay, for the simulator and tests: an AirPlay receiver on one port that
 * answers HAP pair-setup (PIN and transient), pair-verify (then everything is HAP-block encrypted
 * with the Control keys), `/info`, AirPlay 1 `/play` + `/playback-info` + `/stop`, and the AirPlay 2
 * session requests play_url uses (`SETUP` with an encrypted event channel, `RECORD`, `/feedback`,
 * `/setProperty`, `/rate`, `TEARDOWN`), legacy (AirPlay 1) pairing and pair-verify, and `/auth-setup`.
 */
import { randomBytes } from "node:crypto";
import { createLogger, type Logger } from "@atv/core";
import {
  deriveAirPlayEventKeys,
  deriveHapSessionKeys,
  PairSetupServer,
  PairVerifyServer,
} from "@atv/hap-crypto";
import type { HttpConnection } from "../http/connection.js";
import { HttpServer } from "../http/server.js";
import { response, type HttpRequest, type HttpResponse } from "../http/message.js";
import { decodeTextParameters } from "../http/parameters.js";
import { verifyDigestAuthorization } from "../http/digest.js";
import {
  BINARY_PLIST_CONTENT_TYPE,
  decodePlistDict,
  encodeBinaryPlist,
  PlistReal,
  type PlistDict,
} from "../plist/index.js";
import { protocolVersion } from "../discovery.js";
import { opackName } from "../pairing/http.js";
import { LegacyReceiverAuth } from "../pairing/legacy.js";
import { AuthSetupServer } from "../auth/auth-setup.js";
import { authSetupRoute } from "../auth/auth-setup-http.js";
import { fetchHead, isLoopbackUrl } from "./fetch-loopback.js";
import { ReceiverState, type ReceiverIdentity } from "./state.js";
import type { DataChannel } from "../tunnel/data-channel.js";
import { TunnelReceiver } from "../tunnel/receiver.js";
import type { RemoteControlSetupRequest } from "../tunnel/setup-bodies.js";

export type ExtraRoute = (
  request: HttpRequest,
  connection: HttpConnection,
) => HttpResponse | Promise<HttpResponse> | undefined;

export interface AirPlayServerOptions {
  host?: string;
  port?: number;
  /** The PIN pair-setup accepts (what the screen would show). Default 1111. */
  pin?: string | number;
  identity?: Partial<ReceiverIdentity>;
  /** Answer 470 to session requests on connections that have not verified. Default: flags have 0x8/0x200. */
  requireAuthentication?: boolean;
  /** Accept transient pairing. Default true. */
  allowTransient?: boolean;
  /** Require HTTP Digest with this password on every non-pairing request (`pw=true`). */
  password?: string;
  /** Routes tried before the built-in ones. */
  extraRoutes?: ExtraRoute[];
  /**
   * Accept the MRP remote-control tunnel (airplay.md §6) on verified connections: every data
   * channel a client opens is handed here (the simulator serves @atv/mrp's fake device on it).
   */
  onRemoteControl?: (channel: DataChannel, session: RemoteControlSetupRequest) => void;
  logger?: Logger;
}

export interface AirPlayServer extends AsyncDisposable {
  readonly state: ReceiverState;
  readonly port: number;
  readonly host: string;
  /** TXT record for `_airplay._tcp`. */
  readonly properties: Record<string, string>;
  readonly connections: ReadonlySet<HttpConnection>;
  close(): Promise<void>;
}

interface ConnectionState {
  setup: PairSetupServer;
  verify: PairVerifyServer;
  authenticated: boolean;
  secret: Uint8Array | undefined;
  eventServer: HttpServer | undefined;
  /** The remote-control tunnel of this connection, once verified (with onRemoteControl). */
  tunnel: TunnelReceiver | undefined;
}

const PAIRING_PATHS = new Set([
  "/pair-pin-start",
  "/pair-setup",
  "/pair-verify",
  "/pair-setup-pin",
  "/auth-setup",
  "/fp-setup",
]);

export async function startAirPlayServer(options: AirPlayServerOptions = {}): Promise<AirPlayServer> {
  const state = new ReceiverState(options.identity);
  const log = options.logger ?? createLogger("atv:airplay:device");
  const pin = String(options.pin ?? 1111).padStart(4, "0");
  // AirPlay 2 receivers encrypt the connection after pair-verify / transient pairing; AirPlay 1
  // receivers verify without encryption (airplay.md §3, §7).
  const encrypts = (): boolean => protocolVersion({ get: (k) => state.properties[k] }) === 2;
  const requireAuth = options.requireAuthentication ?? (state.identity.flags & (0x8 | 0x200)) !== 0;
  const perConnection = new WeakMap<HttpConnection, ConnectionState>();
  const legacy = new LegacyReceiverAuth(pin, state.identity.ltsk);
  const digestChallenge = { realm: "airplay", nonce: randomBytes(16).toString("hex") };
  if (options.password !== undefined) state.identity.flags |= 0x80;
  const authSetup = new AuthSetupServer();
  const routes: ExtraRoute[] = [...(options.extraRoutes ?? []), authSetupRoute(authSetup)];
  const eventServers = new Set<HttpServer>();

  const newConnectionState = (): ConnectionState => ({
    setup: new PairSetupServer({
      pairingId: state.identity.pairingIdentity,
      ltsk: state.identity.ltsk,
      pin,
      allowTransient: options.allowTransient ?? true,
      info: opackName(state.identity.name),
    }),
    verify: new PairVerifyServer({
      pairingId: state.identity.pairingIdentity,
      ltsk: state.identity.ltsk,
      lookupController: (clientId) => state.controllers.get(Buffer.from(clientId).toString("hex")),
    }),
    authenticated: false,
    secret: undefined,
    eventServer: undefined,
    tunnel: undefined,
  });

  const plist = (status: number, body: PlistDict): HttpResponse =>
    response({
      status,
      headers: { "Content-Type": BINARY_PLIST_CONTENT_TYPE },
      body: encodeBinaryPlist(body),
    });

  const handler = async (request: HttpRequest, connection: HttpConnection): Promise<HttpResponse> => {
    const path = request.uri.split("?")[0] ?? request.uri;
    state.record({
      method: request.method,
      uri: request.uri,
      protocol: request.protocol,
      headers: request.headers.entries(),
      bodyLength: request.body.length,
    });
    for (const route of routes) {
      const answer = await route(request, connection);
      if (answer) return answer;
    }
    let conn = perConnection.get(connection);
    if (!conn) {
      conn = newConnectionState();
      perConnection.set(connection, conn);
      connection.on("closed", () => {
        conn?.setup.dispose();
        conn?.verify.dispose();
        void conn?.eventServer?.close();
        void conn?.tunnel?.dispose();
      });
    }
    if (legacy.isLegacy(request, connection)) {
      const target = conn;
      return legacy.handle(request, connection, () => {
        target.authenticated = true;
      });
    }
    if (
      options.password !== undefined &&
      !PAIRING_PATHS.has(path) &&
      !verifyDigestAuthorization(
        request.headers.get("Authorization"),
        digestChallenge,
        options.password,
        request.method,
      )
    ) {
      return response({
        status: 401,
        headers: {
          "WWW-Authenticate": `Digest realm="${digestChallenge.realm}", nonce="${digestChallenge.nonce}"`,
        },
      });
    }
    if (requireAuth && !conn.authenticated && !PAIRING_PATHS.has(path) && path !== "/info") {
      return response({ status: 470 });
    }
    const onRemoteControl = options.onRemoteControl;
    if (onRemoteControl && conn.secret && !PAIRING_PATHS.has(path)) {
      conn.tunnel ??= new TunnelReceiver(conn.secret, {
        host: options.host ?? "127.0.0.1",
        onDataChannel: onRemoteControl,
        logger: log,
      });
      const answer = await conn.tunnel.handle(request);
      if (answer) return answer;
    }
    switch (`${request.method} ${path}`) {
      case "POST /pair-pin-start": {
        const name = request.headers.get("X-Apple-Client-Name");
        if (name !== undefined) state.clientNames.push(name);
        return response({ status: 200 });
      }
      case "POST /pair-setup": {
        const name = request.headers.get("X-Apple-Client-Name");
        if (name !== undefined) state.clientNames.push(name);
        const step = conn.setup.handle(request.body);
        if (step.paired) {
          state.controllers.set(
            Buffer.from(step.paired.clientId).toString("hex"),
            new Uint8Array(step.paired.clientLtpk),
          );
          log("controller paired");
        }
        if (step.transient) {
          conn.authenticated = true;
          conn.secret = step.transient.sharedSecret;
          if (encrypts())
            connection.enableEncryptionAfterResponse(
              deriveHapSessionKeys(step.transient.sharedSecret, "server"),
            );
        }
        return response({
          status: 200,
          headers: { "Content-Type": "application/octet-stream" },
          body: step.reply,
        });
      }
      case "POST /pair-verify": {
        const step = conn.verify.handle(request.body);
        if (step.verified) {
          conn.authenticated = true;
          conn.secret = step.verified.sharedSecret;
          if (encrypts())
            connection.enableEncryptionAfterResponse(
              deriveHapSessionKeys(step.verified.sharedSecret, "server"),
            );
        }
        return response({
          status: 200,
          headers: { "Content-Type": "application/octet-stream" },
          body: step.reply,
        });
      }
      case "GET /info":
        return plist(200, infoPlist(state));
      case "GET /server-info":
        return plist(200, {
          deviceid: state.identity.deviceId,
          features: Number(state.identity.features & 0xffffffffn),
          model: state.identity.model,
          protovers: "1.0",
          srcvers: state.identity.sourceVersion,
        });
      case "SETUP " + path:
        return setup(request, connection, conn);
      case "RECORD " + path:
        return response({ status: 200, headers: { "Audio-Latency": "0" } });
      case "POST /feedback":
        return plist(200, { streams: [] });
      case "TEARDOWN " + path:
        await conn.eventServer?.close();
        conn.eventServer = undefined;
        return response({ status: 200 });
      case "PUT /setProperty":
      case "POST /getProperty":
      case "POST /scrub":
        return response({ status: 200 });
      case "POST /rate": {
        const value = Number(new URLSearchParams(request.uri.split("?")[1] ?? "").get("value") ?? "NaN");
        if (Number.isFinite(value)) state.playback.rate = value;
        return response({ status: 200 });
      }
      case "POST /play":
        return play(request);
      case "GET /playback-info":
        return playbackInfo();
      case "POST /stop":
        state.playback.stopped = true;
        state.playback.phase = "idle";
        return response({ status: 200 });
      default:
        return response({ status: 404 });
    }
  };

  const setup = async (
    request: HttpRequest,
    connection: HttpConnection,
    conn: ConnectionState,
  ): Promise<HttpResponse> => {
    let body: PlistDict;
    try {
      body = decodePlistDict(request.body);
    } catch {
      return response({ status: 400 });
    }
    if (Array.isArray(body["streams"])) {
      const streams = body["streams"].map((s, i) => ({
        type: (s as PlistDict)["type"] ?? 0,
        streamID: i + 1,
        dataPort: 0,
        controlPort: 0,
      }));
      return plist(200, { streams });
    }
    if (!conn.secret) return response({ status: 470 });
    const secret = conn.secret;
    const events = await HttpServer.listen({
      host: options.host ?? "127.0.0.1",
      handler: () => response({ status: 200 }),
      logger: log,
      label: "device-events",
      onConnection: (c) => c.enableEncryption(deriveAirPlayEventKeys(secret, "server")),
    });
    eventServers.add(events);
    await conn.eventServer?.close();
    conn.eventServer = events;
    connection.on("closed", () => {
      eventServers.delete(events);
      void events.close();
    });
    return plist(200, { eventPort: events.port, timingPort: 0 });
  };

  const play = async (request: HttpRequest): Promise<HttpResponse> => {
    let url: string | undefined;
    let start: number | undefined;
    let sessionId = request.headers.get("X-Apple-Session-ID");
    try {
      if ((request.headers.get("Content-Type") ?? "").includes("text/parameters")) {
        const params = decodeTextParameters(request.body);
        url = params.get("Content-Location");
        start = Number(params.get("Start-Position") ?? "0");
      } else {
        const body = decodePlistDict(request.body);
        url = typeof body["Content-Location"] === "string" ? body["Content-Location"] : undefined;
        const position = body["Start-Position-Seconds"] ?? body["Start-Position"];
        start = typeof position === "number" ? position : position instanceof PlistReal ? position.value : 0;
        const session = body["X-Apple-Session-ID"] ?? body["uuid"];
        if (typeof session === "string") sessionId ??= session;
      }
    } catch {
      return response({ status: 400 });
    }
    if (!url) return response({ status: 400 });
    if (state.playStatus !== 200) return response({ status: state.playStatus });
    const playback = state.playback;
    state.resetPlayback();
    playback.url = url;
    playback.startPosition = start;
    playback.sessionId = sessionId;
    playback.playCount++;
    playback.phase = "playing";
    playback.rate = 1;
    if (isLoopbackUrl(url)) {
      playback.fetched = await fetchHead(url);
      if (playback.fetched.status !== 200 && playback.fetched.status !== 206) {
        playback.phase = "failed";
        playback.error = { code: -1100, domain: "NSURLErrorDomain" };
      }
    }
    log("playing %s", url);
    return response({ status: 200 });
  };

  const playbackInfo = async (): Promise<HttpResponse> => {
    const playback = state.playback;
    if (state.silent) return new Promise<HttpResponse>(() => undefined);
    if (playback.phase === "failed" && playback.error) {
      return plist(200, {
        error: { code: playback.error.code, domain: playback.error.domain },
        readyToPlay: false,
      });
    }
    if (playback.phase === "playing") {
      playback.polls++;
      if (state.failPlaybackWith) {
        playback.phase = "failed";
        playback.error = state.failPlaybackWith;
        return plist(200, { error: { ...state.failPlaybackWith }, readyToPlay: false });
      }
      if (playback.polls > state.playingPolls) {
        playback.phase = "finished";
      } else {
        return plist(200, {
          duration: new PlistReal(10),
          position: new PlistReal(playback.polls),
          rate: new PlistReal(playback.rate),
          readyToPlay: true,
          playbackBufferEmpty: false,
          playbackLikelyToKeepUp: true,
        });
      }
    }
    return plist(200, { readyToPlay: false });
  };

  const server = await HttpServer.listen({
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    handler,
    logger: log,
    label: "device",
    responseHeaders: { Server: `AirTunes/${state.identity.sourceVersion}` },
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await Promise.allSettled([server.close(), ...[...eventServers].map((s) => s.close())]);
    })());
  return {
    state,
    port: server.port,
    host: server.host,
    get properties() {
      return state.properties;
    },
    get connections() {
      return server.connections;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

function infoPlist(state: ReceiverState): PlistDict {
  const id = state.identity;
  return {
    deviceID: id.deviceId,
    features: Number(id.features & 0x1fffffffffffffn),
    model: id.model,
    name: id.name,
    pi: id.pairingIdentity,
    psi: id.publicIdentity.toUpperCase(),
    pk: state.publicKey,
    protocolVersion: "1.1",
    sourceVersion: id.sourceVersion,
    statusFlags: id.flags,
    macAddress: id.deviceId,
    initialVolume: new PlistReal(-20),
  };
}
