export { AbstractStorage } from "./storage.js";
export type { Storage, StorageOptions } from "./storage.js";
export { MemoryStorage } from "./memory-storage.js";
export { FileStorage, MAX_SETTINGS_FILE_BYTES } from "./file-storage.js";
export { PROTOCOL_SETTINGS_KEY, applySettings, settingsMatch, updateSettingsFromConfig } from "./target.js";
export type { SettingsTarget, SettingsTargetService } from "./target.js";
export { STORAGE_MODEL_VERSION, dumpStorageModel, parseStorageModel } from "./storage-model.js";
export type { StorageModel } from "./storage-model.js";
export { pythonJsonDumps } from "./python-json.js";
