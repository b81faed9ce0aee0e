/**
 * Property lists for AirPlay bodies: binary plists are written with bplist-creator (its output
 * matches what pyatv's plistlib sends, byte for byte) and read with our bounded decoder; XML plists
 * are read too (some receivers answer with them).
 */
import bplistCreator from "bplist-creator";
import { MalformedPlistError } from "../http/errors.js";
import { decodeBinaryPlist, isBinaryPlist, type PlistLimits } from "./bplist-decode.js";
import { decodeXmlPlist, looksLikeXmlPlist } from "./xml-plist.js";
import { isPlistDict, PlistReal, type PlistDict, type PlistValue } from "./value.js";

export { decodeBinaryPlist, isBinaryPlist, type PlistLimits } from "./bplist-decode.js";
export { decodeXmlPlist } from "./xml-plist.js";
export { isPlistDict, PlistReal, type PlistDict, type PlistValue } from "./value.js";

export const BINARY_PLIST_CONTENT_TYPE = "application/x-apple-binary-plist";
export const XML_PLIST_CONTENT_TYPE = "text/x-apple-plist+xml";

type RealConstructor = new (value: number) => object;
/**
 * bplist-creator's `Real` marker class (`module.exports.Real`, not in its type declarations).
 * Read from the default import, not a second `require`, so a bundle that inlines bplist-creator works.
 */
function creatorReal(): RealConstructor {
  return (bplistCreator as unknown as { Real: RealConstructor }).Real;
}

/** Converts our values into what bplist-creator understands; TypeError/RangeError on unsupported ones. */
function toCreator(value: PlistValue, depth: number): unknown {
  if (depth > 64) throw new RangeError("plist nesting deeper than 64");
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError("plist numbers must be finite");
    return Number.isInteger(value) && value < 0 ? new (creatorReal())(value) : value;
  }
  if (typeof value === "bigint") {
    if (value < 0n || value >= 1n << 63n) throw new RangeError("plist integers must be 0 ≤ n < 2^63");
    return value;
  }
  if (value instanceof PlistReal) return new (creatorReal())(value.value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => toCreator(v, depth + 1));
  if (isPlistDict(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: toCreator(v, depth + 1), enumerable: true, writable: true });
    }
    return out;
  }
  throw new TypeError(`cannot encode ${typeof value} in a plist`);
}

/** Encodes a dictionary or array as a binary plist. */
export function encodeBinaryPlist(value: PlistDict | PlistValue[]): Uint8Array {
  const buffer = bplistCreator(toCreator(value, 0) as Record<string, unknown>);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Decodes a binary or XML plist (detected from the bytes). MalformedPlistError on anything else. */
export function decodePlist(bytes: Uint8Array, limits: PlistLimits = {}): PlistValue {
  try {
    if (isBinaryPlist(bytes)) return decodeBinaryPlist(bytes, limits);
    if (looksLikeXmlPlist(bytes)) return decodeXmlPlist(bytes, limits);
  } catch (error) {
    if (error instanceof MalformedPlistError) throw error;
    throw new MalformedPlistError(
      `malformed plist: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  throw new MalformedPlistError("body is neither a binary nor an XML plist");
}

/** Decodes a plist whose top level must be a dictionary. */
export function decodePlistDict(bytes: Uint8Array, limits: PlistLimits = {}): PlistDict {
  const value = decodePlist(bytes, limits);
  if (!isPlistDict(value)) throw new MalformedPlistError("plist top level is not a dictionary");
  return value;
}
