/** `_raop._tcp` discovery (raop.md §1): `<MAC>@<name>` instances, device info, password/pairing. */
import { DeviceModel, lookupModel, type BaseService, type DeviceInfoFields } from "@atv/core";
import { isPasswordRequired, pairingRequirement } from "@atv/airplay/protocol";

export const RAOP_SERVICE_TYPE = "_raop._tcp.local";

export type Txt = { get(key: string): string | undefined };

export function txt(properties: Readonly<Record<string, string>>): Txt {
  const lower = new Map(Object.entries(properties).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (key) => lower.get(key.toLowerCase()) };
}

/**
 * Splits `AABBCCDDEEFF@Living Room` into the identifier (the part before the first `@`, as pyatv
 * keeps it) and the device name (after it; the whole name when there is no `@`).
 */
export function parseInstanceName(instance: string): { id: string | undefined; name: string } {
  const at = instance.indexOf("@");
  if (at < 0) return { id: undefined, name: instance };
  return { id: instance.slice(0, at) || undefined, name: instance.slice(at + 1) };
}

/**
 * Device info from the TXT record as pyatv: `am` model, `ov` OS version; the MAC only from an
 * AirPort's `_airport._tcp` `wama` (not scanned here), never from the instance name.
 */
export function raopDeviceInfo(properties: Txt): DeviceInfoFields {
  const fields: DeviceInfoFields = {};
  const model = properties.get("am");
  if (model) {
    const known = lookupModel(model);
    if (known !== DeviceModel.Unknown) fields.model = known;
    else fields.rawModel = model;
  }
  const version = properties.get("ov");
  if (version) fields.version = version;
  return fields;
}

/** `requiresPassword` from `pw`/`sf` 0x80, pairing from `sf` 0x8/0x200 (as AirPlay's rules). */
export function updateRaopServiceDetails(service: BaseService): void {
  const props = service.properties;
  service.requiresPassword = isPasswordRequired(props);
  service.pairing = pairingRequirement(props);
}
