/** The DMAP plug-in object: scanning hooks, setup and pairing (CONVENTIONS §13; dmap.md §1). */
import {
  BaseService,
  OperatingSystem,
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
import { DmapPairingHandler } from "./pairing.js";
import { DmapSetup } from "./setup.js";

export const TOUCH_ABLE_SERVICE_TYPE = "_touch-able._tcp.local";
export const HOME_SHARING_SERVICE_TYPE = "_appletv-v2._tcp.local";
export const HSCP_SERVICE_TYPE = "_hscp._tcp.local";

function txt(properties: Readonly<Record<string, string>>): { get(key: string): string | undefined } {
  const lower = new Map(Object.entries(properties).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (key) => lower.get(key.toLowerCase()) };
}

function normalizedType(type: string): string {
  const t = type.toLowerCase().replace(/\.$/, "");
  return t.endsWith(".local") ? t : `${t}.local`;
}

/** The unique id pyatv derives: instance name up to the first `_`, TXT `Machine ID` for `_hscp`. */
export function dmapUniqueId(record: ServiceRecord): string | undefined {
  if (normalizedType(record.type) === HSCP_SERVICE_TYPE) return txt(record.properties).get("Machine ID");
  return record.name.split("_")[0];
}

export const dmapProtocol: ProtocolModule = {
  protocol: Protocol.DMAP,
  serviceTypes: [HOME_SHARING_SERVICE_TYPE, TOUCH_ABLE_SERVICE_TYPE, HSCP_SERVICE_TYPE],

  serviceInfo(record: ServiceRecord): ScannedService | undefined {
    const type = normalizedType(record.type);
    const props = txt(record.properties);
    let name: string | undefined;
    let credentials: string | undefined;
    if (type === HOME_SHARING_SERVICE_TYPE) {
      name = props.get("Name");
      credentials = props.get("hG");
    } else if (type === TOUCH_ABLE_SERVICE_TYPE) {
      name = props.get("CtlN");
    } else if (type === HSCP_SERVICE_TYPE) {
      name = props.get("Machine Name");
      credentials = props.get("hG");
    } else {
      return undefined;
    }
    const service = new BaseService({
      identifier: dmapUniqueId(record),
      protocol: Protocol.DMAP,
      port: record.port,
      properties: record.properties,
      credentials,
    });
    return { name: name ?? "Unknown", service };
  },

  deviceInfo(): DeviceInfoFields {
    return { os: OperatingSystem.Legacy };
  },

  /** `hG` (Home Sharing id) present → pairing optional, else mandatory (dmap.md §1). */
  finalizeService(service: BaseService): void {
    service.pairing =
      service.properties.get("hG") !== undefined ? PairingRequirement.Optional : PairingRequirement.Mandatory;
  },

  setup(core: ProtocolCore): ProtocolSetup[] {
    const { config, service } = core;
    return [
      new DmapSetup({
        host: config.address,
        port: service.port,
        credentials: service.credentials,
        deviceId: config.identifier,
        ...(core.logger ? { logger: core.logger } : {}),
      }),
    ];
  },

  pair(config: AppleTVConfig, service: BaseService, options: PairOptions): DmapPairingHandler {
    return new DmapPairingHandler(config, service, {
      name: options.name ?? options.settings?.info.name ?? "atv",
      ...(options.pin === undefined ? {} : { pin: options.pin }),
      ...(options.pairingGuid === undefined ? {} : { pairingGuid: options.pairingGuid }),
      ...(options.storage ? { storage: options.storage } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  },
};
