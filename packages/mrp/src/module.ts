/** The MRP plug-in object: scanning hooks, setup and pairing (CONVENTIONS §13). */
import {
  BaseService,
  PairingRequirement,
  Protocol,
  type AppleTVConfig,
  type DeviceInfoFields,
  type PairOptions,
  type ProtocolCore,
  type ProtocolModule,
  type ProtocolSetup,
  type ScannedService,
  type ServiceRecord,
} from "@atv/core";
import { deviceInfoFromProperties } from "./capabilities/device-info.js";
import { MrpPairingHandler } from "./pairing.js";
import { MrpSetup } from "./setup.js";

export const MRP_SERVICE_TYPE = "_mediaremotetv._tcp.local";

/** Case-insensitive TXT lookup. */
function txt(properties: Readonly<Record<string, string>>): { get(key: string): string | undefined } {
  const lower = new Map(Object.entries(properties).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (key) => lower.get(key.toLowerCase()) };
}

/** tvOS 15 and later (build 19x…) no longer serve MRP directly: the service is disabled. */
export function isDirectMrpBuild(build: string | undefined): boolean {
  const match = /^(\d+)[A-Z]/.exec(build ?? "");
  return !match || Number(match[1]) < 19;
}

export const mrpProtocol: ProtocolModule = {
  protocol: Protocol.MRP,
  serviceTypes: [MRP_SERVICE_TYPE],

  serviceInfo(record: ServiceRecord): ScannedService | undefined {
    const props = txt(record.properties);
    const service = new BaseService({
      identifier: props.get("UniqueIdentifier"),
      protocol: Protocol.MRP,
      port: record.port,
      properties: record.properties,
      enabled: isDirectMrpBuild(props.get("SystemBuildVersion")),
    });
    return { name: props.get("Name") ?? record.name, service };
  },

  deviceInfo(record: ServiceRecord): DeviceInfoFields {
    return deviceInfoFromProperties(txt(record.properties));
  },

  /** Pairing is never required by MRP: Optional when AllowPairing=YES, Disabled otherwise, NotNeeded when the service is disabled. */
  finalizeService(service: BaseService): void {
    if (!service.enabled) {
      service.pairing = PairingRequirement.NotNeeded;
      return;
    }
    const allow = service.properties.get("AllowPairing") ?? "no";
    service.pairing =
      allow.toLowerCase() === "yes" ? PairingRequirement.Optional : PairingRequirement.Disabled;
  },

  setup(core: ProtocolCore): ProtocolSetup[] {
    const { config, service, settings } = core;
    return [
      new MrpSetup({
        host: config.address,
        port: service.port,
        credentials: service.credentials,
        name: settings.info.name,
        osBuild: settings.info.os_build,
        deviceId: config.identifier,
        ...(core.logger ? { logger: core.logger } : {}),
      }),
    ];
  },

  pair(config: AppleTVConfig, service: BaseService, options: PairOptions): MrpPairingHandler {
    return new MrpPairingHandler(config, service, {
      ...(options.name === undefined
        ? { name: options.settings?.info.name ?? "atv" }
        : { name: options.name }),
      ...(options.pin === undefined ? {} : { pin: options.pin }),
      ...(options.settings?.info.os_build ? { osBuild: options.settings.info.os_build } : {}),
      ...(options.storage ? { storage: options.storage } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  },
};
