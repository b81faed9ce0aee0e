/** Turning API results into human text and into JSON values. */
import type { ArtworkInfo, OutputDevice } from "../index.js";
import type { EnumName } from "./commands/catalog.js";
import { PyFloat, playingJson, type JsonValue } from "./json-output.js";
import type { AtvLibrary } from "./library.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isArtwork(value: unknown): value is ArtworkInfo {
  return isRecord(value) && value["bytes"] instanceof Uint8Array && typeof value["mimetype"] === "string";
}

function isOutputDevice(value: unknown): value is OutputDevice {
  return isRecord(value) && typeof value["identifier"] === "string" && !Array.isArray(value);
}

/** The value's own toString() (App, Playing, DeviceInfo …), or undefined for plain objects. */
function ownString(value: object): string | undefined {
  const toString: unknown = Reflect.get(value, "toString");
  if (typeof toString !== "function" || toString === Object.prototype.toString) return undefined;
  const text: unknown = toString.call(value);
  return typeof text === "string" ? text : undefined;
}

const hex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");

function enumName(lib: AtvLibrary, name: EnumName, value: number): string {
  const members = lib[name] as Readonly<Record<string, number>>;
  return Object.entries(members).find(([, v]) => v === value)?.[0] ?? String(value);
}

function volumeText(level: number): string {
  return Number.isInteger(level) ? level.toFixed(1) : String(level);
}

/** Python's str() of a float: whole numbers keep `.0` (atvremote prints volume levels so). */
export function pythonFloatText(value: number): string {
  return volumeText(value);
}

/** Python's str() of an Enum member, as atvremote prints it: `PowerState.On`. */
export function pythonEnumText(lib: AtvLibrary, name: EnumName, value: number): string {
  return `${name}.${enumName(lib, name, value)}`;
}

/**
 * Human text of one value as atvremote prints it (Python's str()): `None`, `True`,
 * enums as `PowerState.On` (`valueEnum` names the enum), floats as `20.0` (`float`).
 */
export function formatValue(lib: AtvLibrary, value: unknown, valueEnum?: EnumName, float = false): string {
  if (value === undefined || value === null) return "None";
  if (typeof value === "number" && valueEnum) return pythonEnumText(lib, valueEnum, value);
  if (typeof value === "number" && float) return pythonFloatText(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (value instanceof Uint8Array) return hex(value);
  if (Array.isArray(value))
    return value.length === 0 ? "None" : value.map((v) => formatValue(lib, v)).join(", ");
  if (isArtwork(value)) {
    const size = value.width >= 0 && value.height >= 0 ? `${value.width}x${value.height}` : "unknown size";
    return `${value.mimetype}, ${size}, ${value.bytes.byteLength} bytes`;
  }
  const text = typeof value === "object" ? ownString(value) : undefined;
  if (text !== undefined) return text;
  if (isOutputDevice(value)) {
    const volume = value.volume !== undefined ? `, volume ${volumeText(value.volume)}%` : "";
    return `${value.name ?? "Unknown"} (${value.identifier}${volume})`;
  }
  return JSON.stringify(value);
}

/** JSON of one value: enums as lower-case names, absent as null, objects by their fields. */
export function jsonValue(lib: AtvLibrary, value: unknown, valueEnum?: EnumName, float = false): JsonValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "number" && float && !valueEnum) return new PyFloat(value);
  if (typeof value === "number" && valueEnum) return enumName(lib, valueEnum, value).toLowerCase();
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Uint8Array) return hex(value);
  if (Array.isArray(value)) return value.map((v) => jsonValue(lib, v));
  if (value instanceof lib.Playing) return playingJson(lib, value, undefined);
  if (value instanceof lib.App || value instanceof lib.UserAccount)
    return { name: value.name ?? null, identifier: value.identifier };
  if (isArtwork(value)) {
    return {
      mimetype: value.mimetype,
      width: value.width,
      height: value.height,
      size: value.bytes.byteLength,
    };
  }
  if (isOutputDevice(value)) {
    return {
      name: value.name ?? null,
      identifier: value.identifier,
      ...(value.volume !== undefined ? { volume: value.volume } : {}),
    };
  }
  return typeof value === "object" ? (ownString(value) ?? null) : null;
}
