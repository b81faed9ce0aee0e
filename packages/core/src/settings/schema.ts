/**
 * The settings model: the same paths, snake_case keys and defaults as pyatv 0.18
 * (`pyatv/settings.py`), validated with zod. Unlike pyatv (which ignores unknown keys),
 * every level keeps keys it does not know, so a file written by a newer pyatv survives
 * a load/save round trip through atv.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
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

const optionalString = z.string().nullable().default(null);
/**
 * A port as pydantic 2 (lax mode, pyatv's model) coerces an `int` field: an integer, a
 * float with no fraction (`5.0`), a string of digits (`"5"`, spaces allowed) or a bool.
 * A whole file is not rejected for a value pyatv would have taken.
 */
const port = z.preprocess((value) => {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return value;
}, z.int().min(0).max(65535).default(0));

export const InfoSettingsSchema = z.looseObject({
  name: z.string().default(DEFAULT_NAME),
  mac: z.string().regex(PYATV_MAC_PREFIX, { error: "invalid MAC address" }).default(DEFAULT_MAC),
  model: z.string().default(DEFAULT_MODEL),
  device_id: z.string().default(DEFAULT_DEVICE_ID),
  /** Missing or null → a new random id (pyatv's `fill_missing_rp_id`). */
  rp_id: z
    .string()
    .nullish()
    .transform((value) => value ?? generateRpId()),
  os_name: z.string().default(DEFAULT_OS_NAME),
  os_build: z.string().default(DEFAULT_OS_BUILD),
  os_version: z.string().default(DEFAULT_OS_VERSION),
});

export const AirPlaySettingsSchema = z.looseObject({
  identifier: optionalString,
  credentials: optionalString,
  password: optionalString,
  mrp_tunnel: z.enum([MrpTunnel.Auto, MrpTunnel.Force, MrpTunnel.Disable]).default(MrpTunnel.Auto),
});

export const CompanionSettingsSchema = z.looseObject({
  identifier: optionalString,
  credentials: optionalString,
});

export const DmapSettingsSchema = z.looseObject({
  identifier: optionalString,
  credentials: optionalString,
});

export const MrpSettingsSchema = z.looseObject({
  identifier: optionalString,
  credentials: optionalString,
});

export const RaopSettingsSchema = z.looseObject({
  identifier: optionalString,
  credentials: optionalString,
  password: optionalString,
  /** Which AirPlay version to use; "auto" (recommended), "1" or "2". */
  protocol_version: z
    .enum([AirPlayVersion.Auto, AirPlayVersion.V1, AirPlayVersion.V2])
    .default(AirPlayVersion.Auto),
  /** Local UDP port of the timing server; 0 picks a free port. */
  timing_port: port,
  /** Local UDP port of the control server; 0 picks a free port. */
  control_port: port,
});

export const ProtocolSettingsSchema = z.looseObject({
  airplay: AirPlaySettingsSchema.prefault({}),
  companion: CompanionSettingsSchema.prefault({}),
  dmap: DmapSettingsSchema.prefault({}),
  mrp: MrpSettingsSchema.prefault({}),
  raop: RaopSettingsSchema.prefault({}),
});

export const SettingsSchema = z.looseObject({
  info: InfoSettingsSchema.prefault({}),
  protocols: ProtocolSettingsSchema.prefault({}),
});

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

// Compile-time proof that the schema produces the declared shape (and vice versa).
type SchemaOutput = z.output<typeof SettingsSchema>;
type Assert<T extends true> = T;
type _SchemaMatchesSettings = Assert<SchemaOutput extends Settings ? true : false>;
// And every declared key is one the schema knows (the reverse direction, minus the loose keys).
type _SettingsKeysKnown = Assert<
  Exclude<keyof Settings["info"], keyof SchemaOutput["info"]> extends never ? true : false
>;
