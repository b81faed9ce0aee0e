/**
 * atvscript's JSON objects: every one has `result` and `datetime` (ISO-8601
 * local time with offset, microseconds like Python's isoformat()).
 */
import type { App, AppleTVConfig, OutputDevice, Playing } from "../index.js";
import type { AtvLibrary } from "./library.js";
import { pythonJsonDumps } from "@atv/core";

/** A number Python holds as a float (volume levels): written with `.0` when whole, as `json.dumps` does. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type JsonValue =
  null | boolean | number | string | PyFloat | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * One line exactly as atvscript's `json.dumps(obj)` writes it: separators `", "`
 * and `": "`, `ensure_ascii` escapes, keys in insertion order, floats that are
 * whole keep `.0` (PyFloat).
 */
export function pythonJsonLine(value: JsonValue): string {
  if (value instanceof PyFloat) {
    const v = value.value;
    return Number.isInteger(v) && Math.abs(v) < 1e16 ? `${v}.0` : pythonJsonDumps(v);
  }
  if (Array.isArray(value)) return `[${value.map(pythonJsonLine).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const parts = Object.entries(value).map(([k, v]) => `${pythonJsonDumps(k)}: ${pythonJsonLine(v)}`);
    return `{${parts.join(", ")}}`;
  }
  return pythonJsonDumps(value);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** `2026-11-25T14:03:07.123000+01:00`: local time with its UTC offset. */
export function isoLocal(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds(), 3)}000${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

export interface Failure {
  error?: "device_not_found" | "unsupported_command";
  exception?: string;
  stacktrace?: string;
}

/** `{result, datetime, …failure, …values}`. */
export function resultObject(
  success: boolean,
  values: JsonObject,
  now: Date,
  failure: Failure = {},
): JsonObject {
  const out: JsonObject = { result: success ? "success" : "failure", datetime: isoLocal(now) };
  if (failure.error !== undefined) out["error"] = failure.error;
  if (failure.exception !== undefined) out["exception"] = failure.exception;
  if (failure.stacktrace !== undefined) out["stacktrace"] = failure.stacktrace;
  return { ...out, ...values };
}

/** camelCase → snake_case (`itunesStoreIdentifier` → `itunes_store_identifier`). */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** An enum value as atvscript writes it: the member name in lower case. */
export function enumJson<E extends Record<string, string | number>>(
  lib: AtvLibrary,
  enumObject: E,
  value: E[keyof E],
): string {
  return lib.nameOf(enumObject, value).toLowerCase();
}

/** Every Playing field (snake_case; enums lower-case; falsy → null) plus `app`/`app_id`. */
export function playingJson(lib: AtvLibrary, playing: Playing, app: App | undefined): JsonObject {
  const enums: Readonly<Record<string, Readonly<Record<string, number>>>> = {
    mediaType: lib.MediaType,
    deviceState: lib.DeviceState,
    shuffle: lib.ShuffleState,
    repeat: lib.RepeatState,
  };
  const out: JsonObject = {};
  // atvscript's order: retrieve_commands(Playing) walks the class in definition order,
  // where `hash` comes before media_type … itunes_store_identifier.
  const fields = ["hash" as const, ...lib.playingFieldNames.filter((f) => f !== "hash")];
  for (const field of fields) {
    const value = playing[field];
    let json: JsonValue;
    const enumObject = enums[field];
    if (enumObject && typeof value === "number") {
      json = lib.nameOf(enumObject, value).toLowerCase();
    } else {
      json = value === undefined || value === "" || value === 0 ? null : value;
    }
    out[snakeCase(field)] = json;
  }
  out["app"] = app?.name ?? null;
  out["app_id"] = app?.identifier ?? null;
  return out;
}

/** atvscript's `device_info` object (also the start of `atv serve`'s). */
export function deviceInfoJson(lib: AtvLibrary, info: AppleTVConfig["deviceInfo"]): JsonObject {
  return {
    mac: info.mac ?? null,
    model: lib.nameOf(lib.DeviceModel, info.model),
    model_str: info.modelStr,
    operating_system: lib.nameOf(lib.OperatingSystem, info.operatingSystem),
    version: info.version ?? null,
  };
}

/** One device of a `scan` result. */
export function scanDeviceJson(lib: AtvLibrary, config: AppleTVConfig): JsonObject {
  const info = config.deviceInfo;
  return {
    name: config.name,
    address: config.address,
    identifier: config.identifier ?? null,
    all_identifiers: config.allIdentifiers,
    device_info: deviceInfoJson(lib, info),
    services: config.services.map((s) => ({
      protocol: lib.nameOf(lib.Protocol, s.protocol).toLowerCase(),
      port: s.port,
    })),
  };
}

export function outputDevicesJson(devices: readonly OutputDevice[]): JsonValue {
  return devices.map((d) => ({ name: d.name ?? null, identifier: d.identifier }));
}
