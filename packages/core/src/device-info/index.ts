export { DeviceInfo, mergeDeviceInfo } from "./device-info.js";
export type { DeviceInfoRecord } from "./device-info.js";
export {
  lookupInternalName,
  lookupModel,
  lookupOs,
  lookupVersion,
  modelStr,
  operatingSystemStr,
} from "./lookup.js";
export {
  INTERNAL_NAMES,
  MAC_IDENTIFIER_PATTERNS,
  MODEL_IDENTIFIERS,
  MODEL_NAMES,
  OPERATING_SYSTEM_NAMES,
  TVOS_BUILDS,
} from "./tables.js";
