export {
  DEFAULT_DEVICE_ID,
  DEFAULT_MAC,
  DEFAULT_MODEL,
  DEFAULT_NAME,
  DEFAULT_OS_BUILD,
  DEFAULT_OS_NAME,
  DEFAULT_OS_VERSION,
  MAC_ADDRESS_PATTERN,
  SettingsSchema,
  generateRpId,
} from "./schema.js";
export type {
  SettingsIssue,
  SettingsParseResult,
  AirPlaySettings,
  CompanionSettings,
  DmapSettings,
  InfoSettings,
  MrpSettings,
  ProtocolSettings,
  RaopSettings,
  Settings,
  SettingsInit,
} from "./schema.js";
export { createSettings, parseSettings, settingsToJson } from "./settings.js";
export type { JsonObject, JsonValue, ParseSettingsOptions, SettingsToJsonOptions } from "./settings.js";
export { SETTING_FIELDS } from "./fields.js";
export type { SettingField, SettingType, SettingValue } from "./fields.js";
export {
  formatSettingPathEntry,
  getSettingPath,
  listSettingPaths,
  setSettingPath,
  unsetSettingPath,
} from "./paths.js";
export type { SettingPathEntry } from "./paths.js";
