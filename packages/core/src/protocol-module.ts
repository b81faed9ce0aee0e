import type { AppleTVConfig } from "./config/apple-tv-config.js";
import type { BaseService } from "./config/service.js";
import type { Protocol } from "./enums.js";
import type { FeatureName } from "./feature-name.js";
import type { CallOptions, DeviceEvents, InterfaceName, InterfaceTypes } from "./interfaces.js";
import type { Logger } from "./logger.js";
import type { PairingHandler } from "./pairing.js";
import type { Settings } from "./settings/index.js";
import type { Storage } from "./storage/index.js";
import type { DeviceInfo, DeviceInfoRecord } from "./device-info/index.js";

/** One discovered DNS-SD service instance (the shape @atv/zeroconf yields). */
export interface ServiceRecord {
  /** Full service type, e.g. `_mediaremotetv._tcp.local`. */
  readonly type: string;
  /** Instance name, e.g. `Living Room`. */
  readonly name: string;
  readonly port: number;
  readonly address: string;
  /** TXT record; keys are matched case-insensitively. */
  readonly properties: Readonly<Record<string, string>>;
}

/** What a protocol knows about the device from its TXT record (or while connected). */
export type DeviceInfoFields = DeviceInfoRecord;

/** A service built from a record, with the device name the record gives. */
export interface ScannedService {
  readonly name: string;
  readonly service: BaseService;
}

/** Context handed to `finalizeService` once every service of a device is merged. */
export interface ServiceContext {
  readonly deviceInfo: DeviceInfo;
  readonly services: ReadonlyMap<Protocol, BaseService>;
}

/** Everything a protocol gets from the facade when it is set up. */
export interface ProtocolCore {
  readonly config: AppleTVConfig;
  readonly service: BaseService;
  readonly settings: Settings;
  readonly logger?: Logger;
  /**
   * Routes the named interfaces to `protocol` until the returned function is
   * called (a stream taking over remote control, metadata, audio, push updates).
   * InvalidStateError if another takeover is active.
   */
  takeover(protocol: Protocol, ...interfaces: InterfaceName[]): () => void;
}

/** A protocol's implementation of some capability interfaces: only the members it supports. */
export type ProtocolInterfaces = { [K in InterfaceName]?: Partial<InterfaceTypes[K]> };

/** Events a protocol setup reports to the facade. */
export interface ProtocolEvents {
  on<K extends keyof DeviceEvents>(event: K, listener: (...args: DeviceEvents[K]) => void): () => void;
}

/** One set-up protocol, ready to connect. */
export interface ProtocolSetup {
  readonly protocol: Protocol;
  readonly interfaces: ProtocolInterfaces;
  /** The features this protocol reports (its `features.getFeature` answers for them). */
  readonly features: ReadonlySet<FeatureName>;
  connect(options?: CallOptions): Promise<void>;
  close(): Promise<void>;
  /** Device info learnt while connected. */
  deviceInfo(): DeviceInfoFields;
  readonly events?: ProtocolEvents;
}

export interface PairOptions extends CallOptions {
  /** Name shown on the device. */
  name?: string;
  /** PIN known in advance (the one the device shows, or the one to enter on it). */
  pin?: number | string;
  /** DMAP: the pairing GUID the remote announces (16 hex digits); default random. */
  pairingGuid?: string;
  settings?: Settings;
  storage?: Storage;
  logger?: Logger;
}

/** The one plug-in object each protocol package exports. */
export interface ProtocolModule {
  readonly protocol: Protocol;
  /** DNS-SD service types this protocol is found by (e.g. `_mediaremotetv._tcp.local`). */
  readonly serviceTypes: readonly string[];
  /** Builds a service from a record of one of `serviceTypes`; undefined to ignore the record. */
  serviceInfo(record: ServiceRecord): ScannedService | undefined;
  /** Device info the record reveals (model, OS, version, MAC …). */
  deviceInfo(record: ServiceRecord): DeviceInfoFields;
  /** After all of a device's services are merged: set `pairing` and `requiresPassword`. */
  finalizeService?(service: BaseService, context: ServiceContext): void;
  /** Sets the protocol up for a connection (more than one setup when a protocol tunnels another). */
  setup(core: ProtocolCore): ProtocolSetup[];
  pair(config: AppleTVConfig, service: BaseService, options: PairOptions): PairingHandler;
}
