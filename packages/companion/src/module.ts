/** The Companion plug-in object: scanning hooks, setup and pairing (CONVENTIONS §13). */
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
import { CompanionPairingHandler } from "./pairing.js";
import { CompanionSetup, companionDeviceInfo } from "./setup.js";

export const COMPANION_SERVICE_TYPE = "_companion-link._tcp.local";

/** `rpFl` bit: pairing disabled (e.g. "only devices in the same home"). */
export const PAIRING_DISABLED_MASK = 0x04;
/** `rpFl` bit: the device can show a PIN (Apple TV). */
export const PAIRING_WITH_PIN_SUPPORTED_MASK = 0x4000;

function txt(properties: Readonly<Record<string, string>>): { get(key: string): string | undefined } {
  const lower = new Map(Object.entries(properties).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (key) => lower.get(key.toLowerCase()) };
}

/** pyatv's pairing requirement from `rpFl`. */
export function companionPairingRequirement(flagsText: string | undefined): PairingRequirement {
  const flags = Number.parseInt((flagsText ?? "0x0").replace(/^0x/i, ""), 16);
  if (!Number.isFinite(flags)) return PairingRequirement.Unsupported;
  if (flags & PAIRING_DISABLED_MASK) return PairingRequirement.Disabled;
  if (flags & PAIRING_WITH_PIN_SUPPORTED_MASK) return PairingRequirement.Mandatory;
  return PairingRequirement.Unsupported;
}

export const companionProtocol: ProtocolModule = {
  protocol: Protocol.Companion,
  serviceTypes: [COMPANION_SERVICE_TYPE],

  serviceInfo(record: ServiceRecord): ScannedService | undefined {
    const props = txt(record.properties);
    const service = new BaseService({
      identifier: props.get("rpMRtID"),
      protocol: Protocol.Companion,
      port: record.port,
      properties: record.properties,
    });
    return { name: record.name, service };
  },

  deviceInfo(record: ServiceRecord): DeviceInfoFields {
    return companionDeviceInfo(txt(record.properties));
  },

  finalizeService(service: BaseService): void {
    service.pairing = companionPairingRequirement(service.properties.get("rpFl"));
  },

  /** Like pyatv, Companion is only set up when credentials exist (every useful request needs them). */
  setup(core: ProtocolCore): ProtocolSetup[] {
    const { config, service, settings } = core;
    if (!service.credentials) return [];
    return [
      new CompanionSetup({
        host: config.address,
        port: service.port,
        credentials: service.credentials,
        name: settings.info.name,
        rpId: settings.info.rp_id,
        deviceId: settings.info.device_id,
        model: settings.info.model,
        properties: service.properties,
        ...(core.logger ? { logger: core.logger } : {}),
      }),
    ];
  },

  pair(config: AppleTVConfig, service: BaseService, options: PairOptions): CompanionPairingHandler {
    return new CompanionPairingHandler(config, service, {
      name: options.name ?? options.settings?.info.name ?? "atv",
      ...(options.pin === undefined ? {} : { pin: options.pin }),
      ...(options.storage ? { storage: options.storage } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  },
};
