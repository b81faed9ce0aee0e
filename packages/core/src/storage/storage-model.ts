/**
 * What a storage persists: `{"version": 1, "devices": [<settings, exclude_defaults>…]}`
 * (pyatv's `StorageModel`). Unknown top-level keys are kept for round trips.
 */
import { SettingsError } from "../errors.js";
import { parseSettings, type JsonObject, type Settings } from "../settings/index.js";
import { dumpSettings, toJsonValue } from "../settings/settings.js";
import { isRecord } from "./util.js";

/** The only storage format version pyatv (and atv) know. */
export const STORAGE_MODEL_VERSION = 1;

export interface StorageModel {
  readonly devices: Settings[];
  /** Top-level keys other than `version` and `devices`, kept as read. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/**
 * Validates a parsed storage document. `source` (a file name, say) starts every
 * error message; errors name what was wrong, e.g. `devices[1].info.mac: invalid MAC address`.
 */
export function parseStorageModel(raw: unknown, source: string): StorageModel {
  if (!isRecord(raw)) {
    throw new SettingsError(`${source}: expected a JSON object with "version" and "devices"`);
  }
  const { version, devices, ...extra } = raw;
  if (version === undefined) throw new SettingsError(`${source}: version: missing`);
  if (version !== STORAGE_MODEL_VERSION) {
    throw new SettingsError(`${source}: unsupported version: ${JSON.stringify(version)}`);
  }
  if (!Array.isArray(devices)) throw new SettingsError(`${source}: devices: expected a list`);
  const parsed = devices.map((device, i) => {
    try {
      return parseSettings(device, { pathPrefix: `devices[${i}]` });
    } catch (error) {
      if (error instanceof SettingsError)
        throw new SettingsError(`${source}: ${error.message}`, { cause: error });
      throw error;
    }
  });
  return { devices: parsed, extra: structuredClone(extra) };
}

/**
 * The document to persist: every device dumped with defaults excluded, devices that
 * dump to `{}` dropped (as pyatv does), then the kept extra keys.
 */
export function dumpStorageModel(model: StorageModel): JsonObject {
  const devices = model.devices
    .map((settings, i) => dumpSettings(settings, true, `devices[${i}]`))
    .filter((dumped) => Object.keys(dumped).length > 0);
  const out: JsonObject = { version: STORAGE_MODEL_VERSION, devices };
  for (const [key, value] of Object.entries(model.extra)) {
    if (value !== undefined) out[key] = toJsonValue(value, key);
  }
  return out;
}
