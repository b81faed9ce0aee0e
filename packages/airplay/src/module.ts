/** The AirPlay plug-in object: scanning hooks, setup and pairing (CONVENTIONS §13). */
import {
  BaseService,
  DeviceModel,
  Protocol,
  lookupModel,
  type AppleTVConfig,
  type DeviceInfoFields,
  type PairOptions,
  type ProtocolCore,
  type ProtocolModule,
  type ProtocolSetup,
  type ScannedService,
  type ServiceRecord,
} from "@atv/core";
import { parseCredentials, type HapCredentials } from "@atv/hap-crypto";
import {
  AirPlayFeature,
  hasFeature,
  prefersTransient,
  protocolVersion,
  serviceFeatures,
  supportsPlayUrl,
  updateServiceDetails,
} from "./discovery.js";
import { AirPlayPairingHandler } from "./pairing/handler.js";
import { legacyPairing } from "./pairing/legacy.js";
import { AirPlaySetup } from "./setup.js";
import { shouldTunnelMrp, tunnelledMrpSetup } from "./tunnel/mrp-setup.js";

export const AIRPLAY_SERVICE_TYPE = "_airplay._tcp.local";

function txt(properties: Readonly<Record<string, string>>): { get(key: string): string | undefined } {
  const lower = new Map(Object.entries(properties).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (key) => lower.get(key.toLowerCase()) };
}

/** Device info from the TXT record: model, OS version (`osvers`), MAC (`deviceid`), output device id (`psi`/`pi`). */
export function airplayDeviceInfo(properties: { get(key: string): string | undefined }): DeviceInfoFields {
  const fields: DeviceInfoFields = {};
  const model = properties.get("model");
  if (model) {
    const known = lookupModel(model);
    if (known !== DeviceModel.Unknown) fields.model = known;
    else fields.rawModel = model;
  }
  const version = properties.get("osvers");
  if (version) fields.version = version;
  const mac = properties.get("deviceid");
  if (mac) fields.mac = mac;
  const outputDevice = properties.get("psi") ?? properties.get("pi");
  if (outputDevice) fields.outputDeviceId = outputDevice;
  return fields;
}

/** Credentials to use: the stored ones, else transient when the receiver supports it, else none. */
export function effectiveCredentials(service: BaseService): HapCredentials {
  const stored: HapCredentials = service.credentials
    ? parseCredentials(service.credentials)
    : { kind: "none" };
  if (stored.kind !== "none") return stored;
  return prefersTransient(service.properties) ? { kind: "transient" } : stored;
}

export const airplayProtocol: ProtocolModule = {
  protocol: Protocol.AirPlay,
  serviceTypes: [AIRPLAY_SERVICE_TYPE],

  serviceInfo(record: ServiceRecord): ScannedService | undefined {
    const props = txt(record.properties);
    const service = new BaseService({
      identifier: props.get("deviceid") ?? record.name,
      protocol: Protocol.AirPlay,
      port: record.port,
      properties: record.properties,
    });
    return { name: record.name, service };
  },

  deviceInfo(record: ServiceRecord): DeviceInfoFields {
    return airplayDeviceInfo(txt(record.properties));
  },

  finalizeService(service: BaseService): void {
    updateServiceDetails(service);
  },

  setup(core: ProtocolCore): ProtocolSetup[] {
    const { config, service, settings } = core;
    const setups: ProtocolSetup[] = [];
    // MRP through the AirPlay 2 tunnel (tvOS 15+, HomePod) when the setting and the device allow it.
    if (shouldTunnelMrp(core, () => effectiveCredentials(service))) {
      setups.push(
        tunnelledMrpSetup(core, {
          host: config.address,
          port: service.port,
          credentials: () => effectiveCredentials(service),
        }),
      );
    }
    return [
      ...setups,
      new AirPlaySetup({
        host: config.address,
        port: service.port,
        version: protocolVersion(service.properties),
        credentials: () => effectiveCredentials(service),
        name: settings.info.name,
        password: service.password,
        playUrlSupported: supportsPlayUrl(service.properties),
        deviceInfo: airplayDeviceInfo(service.properties),
        ...(core.logger ? { logger: core.logger } : {}),
      }),
    ];
  },

  pair(config: AppleTVConfig, service: BaseService, options: PairOptions): AirPlayPairingHandler {
    const legacy =
      protocolVersion(service.properties) === 1 &&
      hasFeature(serviceFeatures(service.properties), AirPlayFeature.SupportsLegacyPairing);
    return new AirPlayPairingHandler(config, service, {
      name: options.name ?? options.settings?.info.name ?? "atv",
      ...(options.pin === undefined ? {} : { pin: options.pin }),
      ...(options.storage ? { storage: options.storage } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(legacy ? { useLegacy: true, legacy: legacyPairing() } : {}),
    });
  },
};
