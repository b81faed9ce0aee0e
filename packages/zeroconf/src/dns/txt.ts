/** TXT record ↔ key/value properties (RFC 6763 §6). */

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: false });

export interface TxtProperties {
  /** Keys lower-cased (TXT keys are case-insensitive), values decoded as UTF-8. First occurrence wins. */
  properties: Record<string, string>;
  /** Keys as sent, values as raw bytes. First occurrence (case-insensitively) wins. */
  raw: Map<string, Uint8Array>;
}

/** Replaces the byte pairs C2 A0 and 00 A0 (non-breaking space) with a plain space, as pyatv does. */
function plainSpaces(value: Uint8Array): Uint8Array {
  if (!value.includes(0xa0)) return value;
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const b = value[i] as number;
    const next = value[i + 1];
    if ((b === 0xc2 || b === 0x00) && next === 0xa0) {
      out.push(0x20);
      i++;
    } else {
      out.push(b);
    }
  }
  return Uint8Array.from(out);
}

/**
 * Parses TXT strings: `key=value` split at the first `=`; a string without `=` is a
 * key with an empty value; empty or non-ASCII keys are skipped.
 */
export function parseTxt(entries: readonly Uint8Array[]): TxtProperties {
  const pairs: [string, string][] = [];
  const raw = new Map<string, Uint8Array>();
  const seen = new Set<string>();
  for (const entry of entries) {
    const eq = entry.indexOf(0x3d);
    const keyBytes = eq < 0 ? entry : entry.subarray(0, eq);
    if (keyBytes.length === 0 || keyBytes.some((b) => b < 0x20 || b > 0x7e)) continue;
    const key = String.fromCharCode(...keyBytes);
    const lower = key.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    const value = eq < 0 ? new Uint8Array(0) : entry.slice(eq + 1);
    raw.set(key, value);
    pairs.push([lower, decoder.decode(plainSpaces(value))]);
  }
  // Object.fromEntries defines own properties, so a "__proto__" key cannot touch the prototype.
  return { properties: Object.fromEntries(pairs), raw };
}

/**
 * Builds TXT strings from properties. Keys: printable ASCII without `=`; each string at
 * most 255 bytes. No properties give one empty string (RFC 6763 §6.1: never an empty TXT).
 */
export function buildTxt(
  properties: Readonly<Record<string, string | Uint8Array>> | ReadonlyMap<string, string | Uint8Array>,
): Uint8Array[] {
  const items: [string, string | Uint8Array][] =
    properties instanceof Map
      ? [...(properties as ReadonlyMap<string, string | Uint8Array>).entries()]
      : Object.entries(properties as Readonly<Record<string, string | Uint8Array>>);
  if (items.length === 0) return [new Uint8Array(0)];
  return items.map(([key, value]) => {
    if (key.length === 0 || !/^[\x20-\x3c\x3e-\x7e]+$/.test(key)) {
      throw new TypeError(`TXT key must be non-empty printable ASCII without '=': ${JSON.stringify(key)}`);
    }
    const valueBytes = typeof value === "string" ? encoder.encode(value) : value;
    const entry = new Uint8Array(key.length + 1 + valueBytes.length);
    entry.set(encoder.encode(key), 0);
    entry[key.length] = 0x3d;
    entry.set(valueBytes, key.length + 1);
    if (entry.length > 255) throw new RangeError(`TXT entry ${key} is ${entry.length} bytes, more than 255`);
    return entry;
  });
}
