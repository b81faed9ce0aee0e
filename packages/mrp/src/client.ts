/**
 * An MRP client connection: TCP, the connect sequence (mrp.md §5), the
 * device's info and the now-playing state. Capabilities are built on it.
 *
 *   connect ─▶ DEVICE_INFO ─▶ [pair-verify ─▶ encryption] ─▶ SET_CONNECTION_STATE
 *     ─▶ CLIENT_UPDATES_CONFIG ─▶ GET_KEYBOARD_SESSION ─▶ ready (heartbeat) ─▶ closed
 */
import { randomUUID } from "node:crypto";
import {
  ProtocolError,
  createLogger,
  rethrowAsCore,
  type CallOptions,
  type Logger,
  TypedEmitter,
} from "@atv/core";
import { parseCredentials } from "@atv/hap-crypto";
import { pairVerify } from "./auth.js";
import {
  clientDeviceInfo,
  clientUpdatesConfigMessage,
  deviceInfoMessage,
  getKeyboardSessionMessage,
  setConnectionStateMessage,
} from "./codec/messages.js";
import { MessageType } from "./codec/protocol-message.js";
import { MrpConnection, type MrpTransport } from "./connection.js";
import { DeviceInfoMessageSchema, type DeviceInfoMessage } from "./gen/atv/mrp/device_info_pb.js";
import { PlayerStateManager } from "./player-state.js";
import { VolumeState } from "./volume-state.js";
import { MrpSession, DEFAULT_HEARTBEAT_INTERVAL_MS, type SessionEvents } from "./session.js";
import { create } from "@bufbuild/protobuf";

export interface MrpClientOptions extends CallOptions {
  /** Stored credentials (pyatv's `ltpk:ltsk:atv_id:client_id` hex form). Without them the session stays plaintext. */
  credentials?: string | undefined;
  /** The name the device shows for this client. Default `atv`. */
  name?: string;
  /** The build we report in our DeviceInfo (pyatv: settings.info.os_build). Default 18G82. */
  osBuild?: string | undefined;
  /** Timeout per request. Default 5 s. */
  requestTimeoutMs?: number;
  /**
   * Run MRP pair-verify when credentials are given. Default true; false inside the AirPlay
   * tunnel, whose channel is already authenticated and encrypted (mrp.md §14).
   */
  pairVerify?: boolean;
  /** Heartbeat period; 0 disables it (inside tunnels). Default 30 s. */
  heartbeatIntervalMs?: number;
  connectTimeoutMs?: number;
  maxFrameBytes?: number;
  logger?: Logger;
}

export interface MrpClientEvents extends SessionEvents {
  /** A DEVICE_INFO_UPDATE arrived (power, speaker group). */
  deviceInfo: [info: DeviceInfoMessage, previous: DeviceInfoMessage];
}

export class MrpClient extends TypedEmitter<MrpClientEvents> implements AsyncDisposable {
  readonly session: MrpSession;
  readonly players: PlayerStateManager;
  readonly volume: VolumeState;
  readonly logger: Logger;
  #deviceInfo: DeviceInfoMessage = create(DeviceInfoMessageSchema);

  private constructor(session: MrpSession, logger: Logger) {
    super();
    this.session = session;
    this.logger = logger;
    this.players = new PlayerStateManager(session);
    this.volume = new VolumeState(session, () => this.outputDeviceUid);
    session.listen(MessageType.DEVICE_INFO_UPDATE_MESSAGE, (m) => {
      if (!m.deviceInfoMessage) return;
      const previous = this.#deviceInfo;
      this.#deviceInfo = m.deviceInfoMessage;
      this.emit("deviceInfo", m.deviceInfoMessage, previous);
    });
    session.on("connectionLost", (error) => this.emit("connectionLost", error));
    session.on("connectionClosed", () => this.emit("connectionClosed"));
  }

  /** Connects over TCP and runs the connect sequence. */
  static async connect(host: string, port: number, options: MrpClientOptions = {}): Promise<MrpClient> {
    const logger = options.logger ?? createLogger("atv:mrp");
    const connection = await MrpConnection.connect(host, port, {
      logger,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
      ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
    });
    return MrpClient.start(connection, {
      heartbeatIntervalMs: DEFAULT_HEARTBEAT_INTERVAL_MS,
      ...options,
      logger,
    });
  }

  /** Runs the connect sequence over an open transport (TCP, or a tunnel with `heartbeatIntervalMs: 0`). */
  static async start(transport: MrpTransport, options: MrpClientOptions = {}): Promise<MrpClient> {
    const logger = options.logger ?? createLogger("atv:mrp");
    const session = new MrpSession(transport, {
      logger,
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    });
    const client = new MrpClient(session, logger);
    try {
      await client.#handshake(options);
    } catch (error) {
      await session.close();
      throw error;
    }
    session.startHeartbeat(options.heartbeatIntervalMs ?? 0);
    return client;
  }

  /** The device's DeviceInfo (from the connect reply, then every DEVICE_INFO_UPDATE). */
  get deviceInfo(): DeviceInfoMessage {
    return this.#deviceInfo;
  }

  /** The device's own output-device UID: `clusterID`, else `deviceUID` (mrp.md §13). */
  get outputDeviceUid(): string | undefined {
    return this.#deviceInfo.clusterID || this.#deviceInfo.deviceUID || undefined;
  }

  get closed(): boolean {
    return this.session.closed;
  }

  async close(): Promise<void> {
    await this.session.close();
    this.players.dispose();
    this.volume.removeAllListeners();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #handshake(options: MrpClientOptions): Promise<void> {
    const call: CallOptions = options.signal ? { signal: options.signal } : {};
    let credentials;
    try {
      credentials = parseCredentials(options.credentials || undefined);
    } catch (error) {
      rethrowAsCore(error, "MRP credentials");
    }
    if (credentials.kind !== "none" && credentials.kind !== "hap" && options.pairVerify !== false) {
      throw new ProtocolError(`MRP needs HAP credentials, got ${credentials.kind} credentials`);
    }
    const clientId =
      credentials.kind === "hap" ? Buffer.from(credentials.clientId).toString("utf8") : randomUUID();
    const reply = await this.session.request(
      deviceInfoMessage(
        clientDeviceInfo(
          clientId,
          options.name ?? "atv",
          options.osBuild ? { systemBuildVersion: options.osBuild } : {},
        ),
      ),
      call,
    );
    if (reply.type !== MessageType.DEVICE_INFO_MESSAGE || !reply.deviceInfoMessage) {
      throw new ProtocolError(
        `expected DEVICE_INFO_MESSAGE as the answer to DEVICE_INFO, got type ${reply.type}`,
      );
    }
    this.#deviceInfo = reply.deviceInfoMessage;
    if (credentials.kind === "hap" && options.pairVerify !== false) {
      const cipher = await pairVerify(this.session, credentials, call);
      this.session.transport.enableEncryption(cipher);
    }
    this.session.send(setConnectionStateMessage());
    await this.session.request(clientUpdatesConfigMessage(), call);
    await this.session.request(getKeyboardSessionMessage(), call);
  }
}
