/**
 * General information about a device (pyatv's `interface.DeviceInfo`), a value object
 * built from what the protocols found, with the gaps inferred from the facts.
 */
import { DeviceModel, OperatingSystem, isMember } from "../enums.js";
import { lookupOs, lookupVersion, modelStr, operatingSystemStr } from "./lookup.js";

/** What protocols report about a device; every field optional. */
export interface DeviceInfoRecord {
  os?: OperatingSystem | undefined;
  /** OS version, e.g. "16.6" (AirPlay `osvers`, RAOP `ov`, AirPort `syVs`). */
  version?: string | undefined;
  /** OS build, e.g. "20M73" (MRP `SystemBuildVersion`). */
  buildNumber?: string | undefined;
  model?: DeviceModel | undefined;
  /** The model identifier as found, e.g. "AppleTV6,2" or "MacBookAir10,1". */
  rawModel?: string | undefined;
  mac?: string | undefined;
  /** AirPlay `psi` or `pi`. */
  outputDeviceId?: string | undefined;
}

const STRING_FIELDS = ["version", "buildNumber", "rawModel", "mac", "outputDeviceId"] as const;

function checkRecord(record: DeviceInfoRecord): void {
  if (record.os !== undefined && !isMember(OperatingSystem, record.os)) {
    throw new TypeError(`expected an OperatingSystem for 'os' but got ${String(record.os)}`);
  }
  if (record.model !== undefined && !isMember(DeviceModel, record.model)) {
    throw new TypeError(`expected a DeviceModel for 'model' but got ${String(record.model)}`);
  }
  for (const key of STRING_FIELDS) {
    const value: unknown = record[key];
    if (value !== undefined && typeof value !== "string") {
      throw new TypeError(`expected a string for '${key}' but got ${typeof value}`);
    }
  }
}

export class DeviceInfo {
  readonly #record: Readonly<DeviceInfoRecord>;

  constructor(record: DeviceInfoRecord = {}) {
    checkRecord(record);
    this.#record = Object.freeze({ ...record });
  }

  /**
   * The OS as reported; if unknown, inferred with `lookupOs` from the model (AirPort →
   * AirPortOS, HomePods → tvOS, Apple TV 1–3 → Legacy, Apple TV 4/4K → tvOS), then
   * from a Mac `rawModel` (→ MacOS).
   */
  get operatingSystem(): OperatingSystem {
    const reported = this.#record.os ?? OperatingSystem.Unknown;
    if (reported !== OperatingSystem.Unknown) return reported;
    const byModel = lookupOs(this.model);
    if (byModel !== OperatingSystem.Unknown) return byModel;
    return this.#record.rawModel ? lookupOs(this.#record.rawModel) : OperatingSystem.Unknown;
  }

  /** The version as reported, else derived from `buildNumber` (see `lookupVersion`). */
  get version(): string | undefined {
    return this.#record.version || lookupVersion(this.#record.buildNumber);
  }

  get buildNumber(): string | undefined {
    return this.#record.buildNumber;
  }

  get model(): DeviceModel {
    return this.#record.model ?? DeviceModel.Unknown;
  }

  /** The raw model identifier (most useful when `model` is Unknown). */
  get rawModel(): string | undefined {
    return this.#record.rawModel;
  }

  /** Display name of the model; the raw identifier when the model is Unknown. */
  get modelStr(): string {
    return this.model === DeviceModel.Unknown && this.#record.rawModel
      ? this.#record.rawModel
      : modelStr(this.model);
  }

  get mac(): string | undefined {
    return this.#record.mac;
  }

  get outputDeviceId(): string | undefined {
    return this.#record.outputDeviceId;
  }

  /** The record this was built from (no inferred values). */
  toRecord(): DeviceInfoRecord {
    return { ...this.#record };
  }

  /** Like pyatv: "Apple TV 4K, tvOS 16.6 build 20M73". */
  toString(): string {
    let out = `${this.modelStr}, ${operatingSystemStr(this.operatingSystem)}`;
    const version = this.version;
    if (version) out += ` ${version}`;
    if (this.buildNumber) out += ` build ${this.buildNumber}`;
    return out;
  }

  /** For JSON output (atvscript): the visible, inferred values. */
  toJSON(): Record<string, string | number | undefined> {
    return {
      operatingSystem: this.operatingSystem,
      version: this.version,
      buildNumber: this.buildNumber,
      model: this.model,
      rawModel: this.rawModel,
      modelStr: this.modelStr,
      mac: this.mac,
      outputDeviceId: this.outputDeviceId,
    };
  }
}

function isEmpty(key: keyof DeviceInfoRecord, value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (key === "os") return value === OperatingSystem.Unknown;
  if (key === "model") return value === DeviceModel.Unknown;
  return false;
}

const ALL_FIELDS = ["os", "version", "buildNumber", "model", "rawModel", "mac", "outputDeviceId"] as const;

/**
 * Merges what several protocols reported, in the order given (discovery/connect order):
 * per field the first non-empty value wins and later records only fill gaps. Empty means
 * undefined, "", `OperatingSystem.Unknown` or `DeviceModel.Unknown`. Inference (OS from
 * model, version from build) happens afterwards, on the merged values, in `DeviceInfo`.
 */
export function mergeDeviceInfo(
  ...parts: readonly (DeviceInfoRecord | DeviceInfo | undefined)[]
): DeviceInfo {
  const merged: DeviceInfoRecord = {};
  for (const part of parts) {
    if (part === undefined) continue;
    const record = part instanceof DeviceInfo ? part.toRecord() : part;
    for (const key of ALL_FIELDS) {
      const value = record[key];
      if (isEmpty(key, merged[key]) && !isEmpty(key, value)) {
        (merged as Record<string, unknown>)[key] = value;
      }
    }
  }
  return new DeviceInfo(merged);
}
