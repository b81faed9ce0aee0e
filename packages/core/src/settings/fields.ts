/**
 * The leaf fields of the settings model as data: path, default and the type label
 * pyatv's `atvremote print_settings` shows ("path = value (types)").
 */
import { AirPlayVersion, MrpTunnel } from "../enums.js";
import {
  DEFAULT_DEVICE_ID,
  DEFAULT_MAC,
  DEFAULT_MODEL,
  DEFAULT_NAME,
  DEFAULT_OS_BUILD,
  DEFAULT_OS_NAME,
  DEFAULT_OS_VERSION,
} from "./schema.js";

/** Type labels as pyatv prints them. */
export type SettingType = "str" | "str, NoneType" | "int" | "AirPlayVersion" | "MrpTunnel";

export type SettingValue = string | number | null;

export interface SettingField {
  /** Dotted path, e.g. `protocols.mrp.credentials`. */
  readonly path: string;
  /** Object keys leading to the field's parent object. */
  readonly parent: readonly string[];
  readonly key: string;
  /** The default; for `info.rp_id` null means "generate a random one". */
  readonly defaultValue: SettingValue;
  readonly type: SettingType;
}

function field(
  parent: readonly string[],
  key: string,
  defaultValue: SettingValue,
  type: SettingType,
): SettingField {
  return { path: [...parent, key].join("."), parent, key, defaultValue, type };
}

const INFO = ["info"] as const;
const AIRPLAY = ["protocols", "airplay"] as const;
const COMPANION = ["protocols", "companion"] as const;
const DMAP = ["protocols", "dmap"] as const;
const MRP = ["protocols", "mrp"] as const;
const RAOP = ["protocols", "raop"] as const;
const OPT = "str, NoneType";

/** Every leaf, in pyatv's field order (which is also the order keys are written in). */
export const SETTING_FIELDS: readonly SettingField[] = [
  field(INFO, "name", DEFAULT_NAME, "str"),
  field(INFO, "mac", DEFAULT_MAC, "str"),
  field(INFO, "model", DEFAULT_MODEL, "str"),
  field(INFO, "device_id", DEFAULT_DEVICE_ID, "str"),
  field(INFO, "rp_id", null, OPT),
  field(INFO, "os_name", DEFAULT_OS_NAME, "str"),
  field(INFO, "os_build", DEFAULT_OS_BUILD, "str"),
  field(INFO, "os_version", DEFAULT_OS_VERSION, "str"),
  field(AIRPLAY, "identifier", null, OPT),
  field(AIRPLAY, "credentials", null, OPT),
  field(AIRPLAY, "password", null, OPT),
  field(AIRPLAY, "mrp_tunnel", MrpTunnel.Auto, "MrpTunnel"),
  field(COMPANION, "identifier", null, OPT),
  field(COMPANION, "credentials", null, OPT),
  field(DMAP, "identifier", null, OPT),
  field(DMAP, "credentials", null, OPT),
  field(MRP, "identifier", null, OPT),
  field(MRP, "credentials", null, OPT),
  field(RAOP, "identifier", null, OPT),
  field(RAOP, "credentials", null, OPT),
  field(RAOP, "password", null, OPT),
  field(RAOP, "protocol_version", AirPlayVersion.Auto, "AirPlayVersion"),
  field(RAOP, "timing_port", 0, "int"),
  field(RAOP, "control_port", 0, "int"),
];

const BY_PATH = new Map(SETTING_FIELDS.map((f) => [f.path, f]));

export function findSettingField(path: string): SettingField | undefined {
  return BY_PATH.get(path);
}

/** The object sections of the model (`info`, `protocols`, `protocols.airplay`, …), parents first. */
export const SETTING_SECTIONS: readonly (readonly string[])[] = [
  ["info"],
  ["protocols"],
  ["protocols", "airplay"],
  ["protocols", "companion"],
  ["protocols", "dmap"],
  ["protocols", "mrp"],
  ["protocols", "raop"],
];
