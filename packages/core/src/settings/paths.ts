/**
 * Path-based access to settings for the CLI (`print_settings`, `change_setting=path,value`,
 * `unset_setting=path`). Paths are pyatv's: `info.name`, `protocols.mrp.credentials`, …
 */
import { SettingsError } from "../errors.js";
import {
  SETTING_FIELDS,
  findSettingField,
  type SettingField,
  type SettingType,
  type SettingValue,
} from "./fields.js";
import { generateRpId, type Settings } from "./schema.js";
import { parseSettings } from "./settings.js";

export interface SettingPathEntry {
  readonly path: string;
  readonly value: SettingValue;
  /** pyatv's type label: `str`, `str, NoneType`, `int`, `AirPlayVersion` or `MrpTunnel`. */
  readonly type: SettingType;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function requireField(path: string): SettingField {
  const found = findSettingField(path);
  if (found === undefined) throw new SettingsError(`${path}: unknown setting path`);
  return found;
}

/** The object holding the field, or undefined if a section is missing. */
function parentOf(settings: Settings, f: SettingField, create: boolean): Record<string, unknown> | undefined {
  let node = settings as unknown as Record<string, unknown>;
  for (const key of f.parent) {
    const next = node[key];
    if (isRecord(next)) {
      node = next;
    } else {
      if (!create) return undefined;
      const fresh: Record<string, unknown> = {};
      node[key] = fresh;
      node = fresh;
    }
  }
  return node;
}

function readLeaf(settings: Settings, f: SettingField): SettingValue {
  const value = parentOf(settings, f, false)?.[f.key];
  if (value === undefined) return f.defaultValue;
  if (value === null || typeof value === "string" || typeof value === "number") return value;
  throw new SettingsError(`${f.path}: holds a ${typeof value}, expected ${f.type}`);
}

/** Reads a setting by path (`SettingsError` for an unknown path). */
export function getSettingPath(settings: Settings, path: string): SettingValue {
  return readLeaf(settings, requireField(path));
}

function coerce(f: SettingField, text: string): SettingValue {
  if (f.type !== "int") return text;
  if (!/^[+-]?\d+$/.test(text.trim()))
    throw new SettingsError(`${f.path}: expected an integer, got "${text}"`);
  return Number.parseInt(text.trim(), 10);
}

function assign(settings: Settings, f: SettingField, value: SettingValue): void {
  // Validate the whole object with the new value so the error names this path.
  const candidate = parseSettings(settings);
  const holder = parentOf(candidate, f, true);
  if (holder !== undefined) holder[f.key] = value;
  const checked = parseSettings(candidate);
  const validated = parentOf(checked, f, false)?.[f.key];
  const target = parentOf(settings, f, true);
  if (target !== undefined) target[f.key] = validated;
}

/**
 * Sets a setting from its string form, converted to the field's type (`int` fields
 * take decimal integers, enum fields their string values). Throws `SettingsError`
 * naming the path for an unknown path or an invalid value; the settings are left
 * unchanged then.
 */
export function setSettingPath(settings: Settings, path: string, value: string): void {
  const f = requireField(path);
  assign(settings, f, coerce(f, value));
}

/** Restores a setting's default (`info.rp_id` gets a new random id). */
export function unsetSettingPath(settings: Settings, path: string): void {
  const f = requireField(path);
  const value = f.path === "info.rp_id" ? generateRpId() : f.defaultValue;
  const target = parentOf(settings, f, true);
  if (target !== undefined) target[f.key] = value;
}

/** Every known setting with its current value and type label, in pyatv's order. */
export function listSettingPaths(settings: Settings): SettingPathEntry[] {
  return SETTING_FIELDS.map((f) => ({ path: f.path, value: readLeaf(settings, f), type: f.type }));
}

/** One `print_settings` line: `path = value (types)`, null shown as `None` like pyatv. */
export function formatSettingPathEntry(entry: SettingPathEntry): string {
  return `${entry.path} = ${entry.value === null ? "None" : String(entry.value)} (${entry.type})`;
}
