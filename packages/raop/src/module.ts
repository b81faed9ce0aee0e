/** The RAOP plug-in object (CONVENTIONS §13): scanning hooks, setup (stream + audio) and pairing. */
import {
  BaseService,
  Protocol,
  type AppleTVConfig,
  type CallOptions,
  type DeviceInfoFields,
  type PairOptions,
  type PairingHandler,
  type ProtocolCore,
  type ProtocolInterfaces,
  type ProtocolModule,
  type ProtocolSetup,
  type ScannedService,
  type ServiceRecord,
} from "@atv/core";
import { airplayProtocol, effectiveCredentials, protocolVersion } from "@atv/airplay/protocol";
import {
  RAOP_SERVICE_TYPE,
  parseInstanceName,
  raopDeviceInfo,
  txt,
  updateRaopServiceDetails,
} from "./discovery.js";
import { RAOP_FEATURES, RaopFeatures, RaopStream, type RaopStreamOptions } from "./stream.js";

export class RaopSetup implements ProtocolSetup {
  readonly protocol = Protocol.RAOP;
  readonly features = RAOP_FEATURES;
  readonly stream: RaopStream;
  readonly interfaces: ProtocolInterfaces;
  readonly #deviceInfo: DeviceInfoFields;

  constructor(options: RaopStreamOptions, deviceInfo: DeviceInfoFields) {
    const stream = new RaopStream(options);
    this.stream = stream;
    this.#deviceInfo = deviceInfo;
    const end = async (_options?: CallOptions): Promise<void> => stream.stopStream();
    this.interfaces = {
      stream: {
        streamFile: (f, o) => stream.streamFile(f, o),
        playUrl: () => stream.playUrl(),
        close: () => stream.close(),
      },
      audio: {
        get volume() {
          return stream.volume;
        },
        setVolume: (level, o) => stream.setVolume(level, o),
        volumeUp: (o) => stream.volumeUp(o),
        volumeDown: (o) => stream.volumeDown(o),
        on: (event, listener) => stream.on(event, listener),
        off: (event, listener) => stream.off(event, listener),
      },
      remoteControl: { stop: end, pause: end },
      metadata: { playing: () => stream.playing() },
      features: new RaopFeatures(stream),
    };
  }

  /** Nothing up front: each streamFile opens its own RTSP session (as pyatv). */
  async connect(): Promise<void> {}

  close(): Promise<void> {
    this.stream.close();
    return Promise.resolve();
  }

  deviceInfo(): DeviceInfoFields {
    return this.#deviceInfo;
  }
}

export const raopProtocol: ProtocolModule = {
  protocol: Protocol.RAOP,
  serviceTypes: [RAOP_SERVICE_TYPE],

  serviceInfo(record: ServiceRecord): ScannedService | undefined {
    const { id, name } = parseInstanceName(record.name);
    const service = new BaseService({
      identifier: id ?? txt(record.properties).get("pk") ?? record.name,
      protocol: Protocol.RAOP,
      port: record.port,
      properties: record.properties,
    });
    return { name, service };
  },

  deviceInfo(record: ServiceRecord): DeviceInfoFields {
    return raopDeviceInfo(txt(record.properties));
  },

  finalizeService(service: BaseService): void {
    updateRaopServiceDetails(service);
  },

  setup(core: ProtocolCore): ProtocolSetup[] {
    const { config, service, settings } = core;
    const password = service.password ?? settings.protocols.raop.password ?? undefined;
    const version = protocolVersion(service.properties, settings.protocols.raop.protocol_version);
    const credentials = effectiveCredentials(service);
    return [
      new RaopSetup(
        {
          host: config.address,
          port: service.port,
          properties: service.properties.toObject(),
          version,
          ...(credentials.kind === "none" ? {} : { credentials }),
          ...(password ? { password } : {}),
          ...(core.logger ? { logger: core.logger } : {}),
        },
        raopDeviceInfo(service.properties),
      ),
    ];
  },

  pair(config: AppleTVConfig, service: BaseService, options: PairOptions): PairingHandler {
    // RAOP receivers pair like AirPlay ones (pyatv reuses the AirPlay pairing handler).
    return airplayProtocol.pair(config, service, options);
  },
};
