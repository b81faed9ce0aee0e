/**
 * Creating, validating and dumping settings.
 */
import { SettingsError } from "../errors.js";
import { SETTING_FIELDS, type SettingField } from "./fields.js";
import { SettingsSchema, type Settings, type SettingsInit, type SettingsIssue } from "./schema.js";

/** JSON data as written to a settings file. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Renders an issue path like `devices[0].info.mac`. */
export function formatPath(segments: readonly PropertyKey[], prefix = ""): string {
  let out = prefix;
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out === "" ? "(root)" : out;
}

/** One readable line per issue, each naming the bad path. */
export function describeIssues(issues: readonly SettingsIssue[], prefix = ""): string {
  return issues.map((issue) => `${formatPath(issue.path, prefix)}: ${issue.message}`).join("; ");
}

export interface ParseSettingsOptions {
  /** Prepended to paths in error messages, e.g. `devices[2]`. */
  readonly pathPrefix?: string;
}

/**
 * Validates `input` and returns a new `Settings` object with defaults filled in.
 * Unknown keys are kept. A missing or null `info.rp_id` gets a fresh random value.
 * Throws `SettingsError` naming the offending path (e.g. `info.mac: invalid MAC address`).
 */
export function parseSettings(input: unknown, options: ParseSettingsOptions = {}): Settings {
  const prefix = options.pathPrefix ?? "";
  let copy: unknown;
  try {
    // Detach from the caller's objects (the result is handed out as live, mutable state).
    copy = structuredClone(input);
  } catch (cause) {
    throw new SettingsError(`${prefix === "" ? "settings" : prefix}: not plain JSON data`, { cause });
  }
  const result = SettingsSchema.safeParse(copy);
  if (!result.success)
    throw new SettingsError(describeIssues(result.error.issues, prefix), { cause: result.error });
  return result.data;
}

/** New settings: pyatv's defaults, overridden by `init`, with a fresh random `rp_id`. */
export function createSettings(init: SettingsInit = {}): Settings {
  return parseSettings(init);
}

export interface SettingsToJsonOptions {
  /**
   * Leave out every field that equals its default, and sections that end up empty
   * (pyatv's `dict(exclude_defaults=True)`). `info.rp_id` defaults to null, so a
   * generated id is always written. Unknown keys are always written.
   */
  readonly excludeDefaults?: boolean;
}

interface Section {
  readonly children: Map<string, Section | SettingField>;
}

function buildTree(): Section {
  const root: Section = { children: new Map() };
  for (const f of SETTING_FIELDS) {
    let node = root;
    for (const key of f.parent) {
      let next = node.children.get(key);
      if (next === undefined) {
        next = { children: new Map() };
        node.children.set(key, next);
      }
      node = next as Section;
    }
    node.children.set(f.key, f);
  }
  return root;
}

const TREE = buildTree();

function isSection(node: Section | SettingField): node is Section {
  return "children" in node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Converts unknown (extra) data to JSON values, rejecting what JSON cannot hold. */
export function toJsonValue(value: unknown, path: string): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new SettingsError(`${path}: ${value} cannot be written as JSON`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => toJsonValue(item, `${path}[${i}]`));
  if (isRecord(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = toJsonValue(item, `${path}.${key}`);
    }
    return out;
  }
  throw new SettingsError(`${path}: a ${typeof value} cannot be written as JSON`);
}

function dumpSection(
  value: Record<string, unknown>,
  section: Section,
  path: string,
  exclude: boolean,
): JsonObject {
  const out: JsonObject = {};
  for (const [key, node] of section.children) {
    const childPath = path === "" ? key : `${path}.${key}`;
    const child = value[key];
    if (isSection(node)) {
      const dumped = dumpSection(isRecord(child) ? child : {}, node, childPath, exclude);
      if (!exclude || Object.keys(dumped).length > 0) out[key] = dumped;
    } else {
      const leaf = child === undefined ? node.defaultValue : child;
      if (!exclude || leaf !== node.defaultValue) out[key] = toJsonValue(leaf, childPath);
    }
  }
  for (const [key, child] of Object.entries(value)) {
    if (!section.children.has(key) && child !== undefined) {
      out[key] = toJsonValue(child, path === "" ? key : `${path}.${key}`);
    }
  }
  return out;
}

/**
 * Settings as JSON data in pyatv's key order (known fields first, then unknown keys).
 * The settings are validated first (`SettingsError` on a bad value). If `info.rp_id`
 * is null or missing, a new one is generated and also stored in `settings`.
 */
export function settingsToJson(settings: Settings, options: SettingsToJsonOptions = {}): JsonObject {
  return dumpSettings(settings, options.excludeDefaults === true, "");
}

/** `settingsToJson` with a path prefix for error messages (used by storage). */
export function dumpSettings(settings: Settings, excludeDefaults: boolean, pathPrefix: string): JsonObject {
  const valid = parseSettings(settings, { pathPrefix });
  // A null/missing rp_id was just regenerated in the copy; keep the caller's object in step
  // so the id that is written is also the one in use.
  const info: unknown = settings.info;
  if (isRecord(info) && (info["rp_id"] === null || info["rp_id"] === undefined))
    info["rp_id"] = valid.info.rp_id;
  return dumpSection(valid as unknown as Record<string, unknown>, TREE, pathPrefix, excludeDefaults);
}
