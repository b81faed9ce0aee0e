/** Device info from the device's DeviceInfo message and the service's TXT record (mrp.md §7). */
import { OperatingSystem, lookupModel, lookupVersion, type DeviceInfoFields } from "@atv/core";
import type { DeviceInfoMessage } from "../gen/atv/mrp/device_info_pb.js";

/** Fields the TXT record of `_mediaremotetv._tcp` gives (build, version, MAC); MRP runs on tvOS. */
export function deviceInfoFromProperties(properties: {
  get(key: string): string | undefined;
}): DeviceInfoFields {
  const fields: DeviceInfoFields = { os: OperatingSystem.TvOS };
  const build = properties.get("SystemBuildVersion");
  if (build) {
    fields.buildNumber = build;
    const version = lookupVersion(build);
    if (version) fields.version = version;
  }
  const mac = properties.get("macAddress");
  if (mac) fields.mac = mac;
  return fields;
}

/** Model, OS, version and build from a connected device's DeviceInfo (MAC comes from the TXT record). */
export function deviceInfoFromMessage(info: DeviceInfoMessage): DeviceInfoFields {
  const fields: DeviceInfoFields = { os: OperatingSystem.TvOS };
  if (info.systemBuildVersion) {
    fields.buildNumber = info.systemBuildVersion;
    const version = lookupVersion(info.systemBuildVersion);
    if (version) fields.version = version;
  }
  if (info.modelID) {
    // pyatv keeps the raw model string for every model, known or not.
    fields.model = lookupModel(info.modelID);
    fields.rawModel = info.modelID;
  }
  return fields;
}
