/**
 * One MRP protocol setup for the facade: the capability objects (built before
 * connect, so the facade can register them) and the connection behind them.
 */
import {
  InvalidStateError,
  TypedEmitter,
  type CallOptions,
  type DeviceEvents,
  type DeviceInfoFields,
  type FeatureName,
  type Logger,
  type ProtocolEvents,
  type ProtocolInterfaces,
  type ProtocolSetup,
  Protocol,
} from "@atv/core";
import { MrpAudio } from "./capabilities/audio.js";
import { deviceInfoFromMessage } from "./capabilities/device-info.js";
import { MRP_FEATURES, MrpFeatures } from "./capabilities/features.js";
import { MrpMetadata } from "./capabilities/metadata.js";
import { MrpPower } from "./capabilities/power.js";
import { MrpPushUpdater } from "./capabilities/push-updater.js";
import { MrpRemoteControl } from "./capabilities/remote-control.js";
import { MrpClient, type MrpClientOptions } from "./client.js";
import { DEFAULT_HEARTBEAT_INTERVAL_MS } from "./session.js";
import { MrpContext } from "./context.js";
import type { MrpTransportFactory } from "./transport.js";

export interface MrpSetupOptions extends Omit<MrpClientOptions, keyof CallOptions> {
  /** MRP's own TCP endpoint (direct MRP); unused when `transport` is given. */
  host?: string;
  port?: number;
  /**
   * Opens the transport instead of a TCP connection to host:port, e.g. the AirPlay 2 tunnel
   * (then also pass `pairVerify: false` and `heartbeatIntervalMs: 0`, mrp.md §14).
   */
  transport?: MrpTransportFactory | undefined;
  /** The device identifier Metadata.deviceId reports. */
  deviceId?: string | undefined;
  logger?: Logger;
}

/** Every MRP capability over one context. */
export class MrpCapabilities {
  readonly context: MrpContext;
  readonly audio: MrpAudio;
  readonly remoteControl: MrpRemoteControl;
  readonly metadata: MrpMetadata;
  readonly pushUpdater: MrpPushUpdater;
  readonly power: MrpPower;
  readonly features: MrpFeatures;

  constructor(context: MrpContext) {
    this.context = context;
    this.audio = new MrpAudio(context);
    this.remoteControl = new MrpRemoteControl(context, this.audio);
    this.metadata = new MrpMetadata(context);
    this.pushUpdater = new MrpPushUpdater(context);
    this.power = new MrpPower(context, this.remoteControl);
    this.features = new MrpFeatures(context, this.audio);
  }
}

/** Connection events of the setup (the facade listens before connect). */
class SetupEvents extends TypedEmitter<DeviceEvents> implements ProtocolEvents {
  fire<K extends keyof DeviceEvents>(event: K, ...args: DeviceEvents[K]): void {
    this.emit(event, ...args);
  }
}

export class MrpSetup implements ProtocolSetup {
  readonly protocol = Protocol.MRP;
  readonly features: ReadonlySet<FeatureName> = MRP_FEATURES;
  readonly capabilities: MrpCapabilities;
  readonly interfaces: ProtocolInterfaces;
  readonly events = new SetupEvents();
  readonly #options: MrpSetupOptions;
  #connecting = false;

  constructor(options: MrpSetupOptions) {
    if (!options.transport && (options.host === undefined || options.port === undefined)) {
      throw new TypeError("MrpSetup needs host and port, or a transport factory");
    }
    this.#options = options;
    const caps = new MrpCapabilities(new MrpContext(options.deviceId));
    this.capabilities = caps;
    this.interfaces = {
      remoteControl: caps.remoteControl,
      metadata: caps.metadata,
      pushUpdater: caps.pushUpdater,
      power: caps.power,
      audio: caps.audio,
      features: caps.features,
    };
  }

  /** The connected client, once connect() succeeded. */
  get client(): MrpClient | undefined {
    return this.capabilities.context.current;
  }

  /**
   * Connects (again after close() or a loss). InvalidStateError, before any
   * socket is opened, while connected or while another connect() runs.
   */
  async connect(options: CallOptions = {}): Promise<void> {
    if (this.#connecting) throw new InvalidStateError("MRP connect() is already in progress");
    if (this.capabilities.context.connected) throw new InvalidStateError("MRP is already connected");
    this.#connecting = true;
    try {
      const { host, port, transport, deviceId: _deviceId, ...clientOptions } = this.#options;
      const client = transport
        ? await MrpClient.start(await transport(options), {
            heartbeatIntervalMs: DEFAULT_HEARTBEAT_INTERVAL_MS,
            ...clientOptions,
            ...options,
          })
        : await MrpClient.connect(host ?? "", port ?? 0, { ...clientOptions, ...options });
      client.on("connectionLost", (error) => this.events.fire("connectionLost", error));
      client.on("connectionClosed", () => this.events.fire("connectionClosed"));
      this.capabilities.context.attach(client);
    } finally {
      this.#connecting = false;
    }
  }

  async close(): Promise<void> {
    this.capabilities.pushUpdater.stop();
    await this.client?.close();
  }

  deviceInfo(): DeviceInfoFields {
    const client = this.client;
    return client ? deviceInfoFromMessage(client.deviceInfo) : {};
  }
}
