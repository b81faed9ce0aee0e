/** Bounded readers and writers for the binary-plist bodies of `/pair-setup-pin`. */
import { decodePlistDict, encodeBinaryPlist, type PlistDict } from "../../plist/index.js";
import { MalformedLegacyMessageError } from "./errors.js";

/** Limits for one `/pair-setup-pin` body: a handful of small keys. */
const LIMITS = { maxBytes: 16 * 1024, maxObjects: 32, maxDepth: 2 } as const;

export function decodeBody(body: Uint8Array, what: string): PlistDict {
  if (!(body instanceof Uint8Array)) throw new MalformedLegacyMessageError(`${what}: body must be bytes`);
  try {
    return decodePlistDict(body, LIMITS);
  } catch (cause) {
    throw new MalformedLegacyMessageError(`${what}: not a binary plist dictionary`, { cause });
  }
}

export function encodeBody(value: PlistDict): Uint8Array {
  return encodeBinaryPlist(value);
}

/** A `data` value of `min..max` bytes. */
export function dataField(dict: PlistDict, key: string, what: string, min: number, max = min): Uint8Array {
  const value = dict[key];
  if (!(value instanceof Uint8Array))
    throw new MalformedLegacyMessageError(`${what}: "${key}" missing or not data`);
  if (value.length < min || value.length > max) {
    const size = min === max ? `${min}` : `${min}..${max}`;
    throw new MalformedLegacyMessageError(`${what}: "${key}" must be ${size} bytes, got ${value.length}`);
  }
  return value;
}

/** A string value of 1..max characters. */
export function stringField(dict: PlistDict, key: string, what: string, max: number): string {
  const value = dict[key];
  if (typeof value !== "string" || value.length === 0 || value.length > max) {
    throw new MalformedLegacyMessageError(
      `${what}: "${key}" missing or not a string of 1..${max} characters`,
    );
  }
  return value;
}
