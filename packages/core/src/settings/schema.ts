/**
 * The settings model: the same paths, snake_case keys and defaults as pyatv 0.18
 * (`pyatv/settings.py`), checked by the small validator below. Unlike pyatv (which ignores unknown keys),
 * every level keeps keys it does not know, so a file written by a newer pyatv survives
 * a load/save round trip through atv.
 */
import { randomBytes } from "node:crypto";
import { AirPlayVersion, MrpTunnel } from "../enums.js";

export const DEFAULT_NAME = "pyatv";
/** Locally administered (02) + "pyatv" in ASCII. */
export const DEFAULT_MAC = "02:70:79:61:74:76";
/** 0xFF + "pyatv" in ASCII. */
export const DEFAULT_DEVICE_ID = "FF:70:79:61:74:76";
export const DEFAULT_MODEL = "iPhone10,6";
export const DEFAULT_OS_NAME = "iPhone OS";
export const DEFAULT_OS_BUILD = "18G82";
export const DEFAULT_OS_VERSION = "14.7.1";

/**
 * pyatv's MAC pattern `[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}`, anchored at both ends (a
 * strict check for callers). Loading settings uses {@link PYATV_MAC_PREFIX} instead.
 */
export const MAC_ADDRESS_PATTERN = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

/**
 * What pyatv's `info.mac` validator accepts: the pattern applied with Python's
 * `re.match`, anchored at the start only, so text after a valid MAC passes. A file
 * pyatv loads is not rejected here for it.
 */
const PYATV_MAC_PREFIX = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}/;

/** A fresh Companion `rp_id`: 6 random bytes as 12 lower-case hex characters. */
export function generateRpId(): string {
  return randomBytes(6).toString("hex");
}

/** One problem found in settings data: where (keys and indexes) and what. */
export interface SettingsIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export type SettingsParseResult =
  | { readonly success: true; readonly data: Settings }
  | { readonly success: false; readonly error: { readonly issues: readonly SettingsIssue[] } };

type Field = (value: unknown, path: PropertyKey[], issues: SettingsIssue[]) => unknown;

function received(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string; `fallback` when the key is missing (`undefined`), or for null too when `nullable`. */
function string(fallback: string | null, nullable = fallback === null): Field {
  return (value, path, issues) => {
    if (value === undefined || (nullable && value === null)) return fallback;
    if (typeof value === "string") return value;
    issues.push({ path, message: `Invalid input: expected string, received ${received(value)}` });
    return value;
  };
}

function pattern(regex: RegExp, message: string, fallback: string): Field {
  const base = string(fallback);
  return (value, path, issues) => {
    const out = base(value, path, issues);
    if (typeof out === "string" && value !== undefined && !regex.test(out)) issues.push({ path, message });
    return out;
  };
}

function oneOf(options: readonly string[], fallback: string): Field {
  return (value, path, issues) => {
    if (value === undefined) return fallback;
    if (typeof value === "string" && options.includes(value)) return value;
    const expected = options.map((o) => JSON.stringify(o)).join("|");
    issues.push({ path, message: `Invalid option: expected one of ${expected}` });
    return value;
  };
}

/**
 * A port as pydantic 2 (lax mode, pyatv's model) coerces an `int` field: an integer, a
 * float with no fraction (`5.0`), a string of digits (`"5"`, spaces allowed) or a bool.
 * A whole file is not rejected for a value pyatv would have taken.
 */
const port: Field = (value, path, issues) => {
  if (value === undefined) return 0;
  let n = value;
  if (typeof n === "boolean") n = n ? 1 : 0;
  if (typeof n === "string" && /^\s*[+-]?\d+\s*$/.test(n)) n = Number.parseInt(n, 10);
  if (typeof n !== "number" || !Number.isSafeInteger(n)) {
    const what = typeof n === "number" ? "int, received number" : `number, received ${received(n)}`;
    issues.push({ path, message: `Invalid input: expected ${what}` });
  } else if (n < 0) issues.push({ path, message: "Too small: expected number to be >=0" });
  else if (n > 65535) issues.push({ path, message: "Too big: expected number to be <=65535" });
  return n;
};

/**
 * An object with these fields. Keys it does not know are kept (a file written by a newer
 * pyatv survives a round trip); a missing object is validated as `{}` (every default).
 */
function object(fields: Readonly<Record<string, Field>>): Field {
  return (value, path, issues) => {
    const input = value === undefined ? {} : value;
    if (!isRecord(input)) {
      issues.push({ path, message: `Invalid input: expected object, received ${received(input)}` });
      return input;
    }
    // Known keys first (in model order), then the unknown ones as they came.
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(fields)) out[key] = field(input[key], [...path, key], issues);
    for (const [key, item] of Object.entries(input)) if (!(key in fields)) out[key] = item;
    return out;
  };
}

const optionalString = string(null);
const credentialsOnly = { identifier: optionalString, credentials: optionalString };

const validateSettings = object({
  info: object({
    name: string(DEFAULT_NAME),
    mac: pattern(PYATV_MAC_PREFIX, "invalid MAC address", DEFAULT_MAC),
    model: string(DEFAULT_MODEL),
    device_id: string(DEFAULT_DEVICE_ID),
    /** Missing or null → a new random id (pyatv's `fill_missing_rp_id`). */
    rp_id: (value, path, issues) =>
      value === undefined || value === null ? generateRpId() : string("")(value, path, issues),
    os_name: string(DEFAULT_OS_NAME),
    os_build: string(DEFAULT_OS_BUILD),
    os_version: string(DEFAULT_OS_VERSION),
  }),
  protocols: object({
    airplay: object({
      ...credentialsOnly,
      password: optionalString,
      mrp_tunnel: oneOf([MrpTunnel.Auto, MrpTunnel.Force, MrpTunnel.Disable], MrpTunnel.Auto),
    }),
    companion: object(credentialsOnly),
    dmap: object(credentialsOnly),
    mrp: object(credentialsOnly),
    raop: object({
      ...credentialsOnly,
      password: optionalString,
      /** Which AirPlay version to use; "auto" (recommended), "1" or "2". */
      protocol_version: oneOf(
        [AirPlayVersion.Auto, AirPlayVersion.V1, AirPlayVersion.V2],
        AirPlayVersion.Auto,
      ),
      /** Local UDP port of the timing server; 0 picks a free port. */
      timing_port: port,
      /** Local UDP port of the control server; 0 picks a free port. */
      control_port: port,
    }),
  }),
});

/**
 * The settings validator (a few lines of our own instead of a schema library, so loading
 * atv stays cheap): defaults filled in, unknown keys kept, every problem reported with its path.
 */
export const SettingsSchema = {
  safeParse(input: unknown): SettingsParseResult {
    const issues: SettingsIssue[] = [];
    const data = validateSettings(input, [], issues);
    // Every field above returns its declared type whenever it reports no issue.
    return issues.length === 0
      ? { success: true, data: data as Settings }
      : { success: false, error: { issues } };
  },
} as const;

/*
 * Keys unknown to this version are kept on every level at run time (for round
 * trips: the schemas are loose), but the types name only the known keys, so a
 * typo such as `settings.info.os_bulid` does not compile.
 */

/** Information pyatv/atv presents about itself to devices. */
export interface InfoSettings {
  name: string;
  mac: string;
  model: string;
  device_id: string;
  /** Companion `_i`; random, generated once and persisted. */
  rp_id: string;
  os_name: string;
  os_build: string;
  os_version: string;
}

export interface AirPlaySettings {
  identifier: string | null;
  credentials: string | null;
  password: string | null;
  mrp_tunnel: MrpTunnel;
}

export interface CompanionSettings {
  identifier: string | null;
  credentials: string | null;
}

export interface DmapSettings {
  identifier: string | null;
  credentials: string | null;
}

export interface MrpSettings {
  identifier: string | null;
  credentials: string | null;
}

export interface RaopSettings {
  identifier: string | null;
  credentials: string | null;
  password: string | null;
  protocol_version: AirPlayVersion;
  timing_port: number;
  control_port: number;
}

export interface ProtocolSettings {
  airplay: AirPlaySettings;
  companion: CompanionSettings;
  dmap: DmapSettings;
  mrp: MrpSettings;
  raop: RaopSettings;
}

/** Settings for one device (pyatv's `Settings`). Plain, mutable, JSON-shaped data. */
export interface Settings {
  info: InfoSettings;
  protocols: ProtocolSettings;
}

/** What `createSettings` accepts: any subset; `rp_id: null` asks for a new random id. */
export interface SettingsInit {
  info?: Partial<Omit<InfoSettings, "rp_id">> & { rp_id?: string | null };
  protocols?: {
    airplay?: Partial<AirPlaySettings>;
    companion?: Partial<CompanionSettings>;
    dmap?: Partial<DmapSettings>;
    mrp?: Partial<MrpSettings>;
    raop?: Partial<RaopSettings>;
  };
}
