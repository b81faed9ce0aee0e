/**
 * TLV8 as used by HAP pairing: `type u8 ‖ length u8 ‖ value`. Values longer than 255 bytes are
 * split into consecutive fragments of the same type (all but the last exactly 255 bytes), and a
 * reader joins them again. Integers are little-endian.
 */
import { ProtocolError } from "./errors.js";

/** TLV item types used by HAP pairing. */
export const TlvType = {
  Method: 0x00,
  Identifier: 0x01,
  Salt: 0x02,
  PublicKey: 0x03,
  Proof: 0x04,
  EncryptedData: 0x05,
  /** Also called SeqNo: 1..6 = M1..M6. */
  State: 0x06,
  Error: 0x07,
  /** Also called RetryDelay: seconds to wait. */
  BackOff: 0x08,
  Certificate: 0x09,
  Signature: 0x0a,
  Permissions: 0x0b,
  FragmentData: 0x0c,
  FragmentLast: 0x0d,
  /** Apple extension: OPACK-encoded dictionary (e.g. `{ name }`) inside encrypted M5/M6. */
  Name: 0x11,
  Flags: 0x13,
  Separator: 0xff,
} as const;
export type TlvType = (typeof TlvType)[keyof typeof TlvType];

/** Values of the `Method` item. */
export const TlvMethod = {
  PairSetup: 0,
  PairSetupWithAuth: 1,
  PairVerify: 2,
  AddPairing: 3,
  RemovePairing: 4,
  ListPairings: 5,
} as const;
export type TlvMethod = (typeof TlvMethod)[keyof typeof TlvMethod];

/** Values of the `Error` item. */
export const TlvErrorCode = {
  Unknown: 1,
  Authentication: 2,
  BackOff: 3,
  MaxPeers: 4,
  MaxTries: 5,
  Unavailable: 6,
  Busy: 7,
} as const;
export type TlvErrorCode = (typeof TlvErrorCode)[keyof typeof TlvErrorCode];

/** Bits of the `Flags` item. */
export const TlvFlags = {
  /** Transient pair-setup: stop after M4 and use the SRP key as session secret (PIN 3939). */
  Transient: 0x10,
} as const;

/** One decoded item (fragments already joined). */
export interface Tlv8Item {
  readonly type: number;
  readonly value: Uint8Array;
}

/** One item to encode; a number value is written as a minimal little-endian integer. */
export type Tlv8Entry = readonly [type: number, value: Uint8Array | number];

export interface Tlv8DecodeOptions {
  /** Refuse inputs longer than this many bytes (checked before decoding). Default 65536. */
  maxBytes?: number;
}

const FRAGMENT = 255;
const DEFAULT_MAX_BYTES = 65_536;

/** Minimal little-endian encoding of a non-negative safe integer (at least one byte). */
export function encodeTlvUint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`TLV integer out of range: ${value}`);
  const out: number[] = [];
  let rest = value;
  do {
    out.push(rest % 256);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  return Uint8Array.from(out);
}

/** Reads a little-endian integer item of 1..6 bytes. */
export function decodeTlvUint(value: Uint8Array, name = "integer"): number {
  if (value.length < 1 || value.length > 6) {
    throw new ProtocolError(`TLV ${name} must be 1..6 bytes, got ${value.length}`);
  }
  let n = 0;
  for (let i = value.length - 1; i >= 0; i--) n = n * 256 + (value[i] ?? 0);
  return n;
}

/** Encodes items in order, fragmenting values longer than 255 bytes. Zero-length values are kept. */
export function encodeTlv8(items: Iterable<Tlv8Entry>): Uint8Array {
  const parts: Array<[number, Uint8Array]> = [];
  let size = 0;
  let previousType = -1;
  for (const [type, raw] of items) {
    if (!Number.isInteger(type) || type < 0 || type > 255)
      throw new RangeError(`TLV type out of range: ${type}`);
    if (type === previousType) {
      throw new RangeError(
        `adjacent TLV items of type ${type} would merge; put a Separator (0xff) between them`,
      );
    }
    const value = typeof raw === "number" ? encodeTlvUint(raw) : raw;
    if (!(value instanceof Uint8Array))
      throw new TypeError(`TLV value of type ${type} must be a Uint8Array or number`);
    const fragments = Math.max(1, Math.ceil(value.length / FRAGMENT));
    size += value.length + 2 * fragments;
    parts.push([type, value]);
    previousType = type;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const [type, value] of parts) {
    let start = 0;
    do {
      const length = Math.min(FRAGMENT, value.length - start);
      out[offset] = type;
      out[offset + 1] = length;
      out.set(value.subarray(start, start + length), offset + 2);
      offset += 2 + length;
      start += length;
    } while (start < value.length);
  }
  return out;
}

/**
 * Decodes all items in order, joining fragments. Throws `ProtocolError` for a truncated header or
 * value, for input over `maxBytes`, and for an item that repeats the previous item's type although
 * that item was shorter than 255 bytes (inconsistent fragmentation: a separator is missing).
 */
export function decodeTlv8(bytes: Uint8Array, options: Tlv8DecodeOptions = {}): Tlv8Item[] {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("TLV8 input must be a Uint8Array");
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes)
    throw new ProtocolError(`TLV8 input of ${bytes.length} bytes exceeds ${maxBytes}`);
  const items: Array<{ type: number; chunks: Uint8Array[] }> = [];
  let lastFragmentLength = 0;
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < 2) throw new ProtocolError(`TLV8 truncated: item header at offset ${offset}`);
    const type = bytes[offset] as number;
    const length = bytes[offset + 1] as number;
    const end = offset + 2 + length;
    if (end > bytes.length) {
      throw new ProtocolError(
        `TLV8 truncated: item of type ${type} at offset ${offset} declares ${length} bytes, ${bytes.length - offset - 2} left`,
      );
    }
    const value = bytes.subarray(offset + 2, end);
    const last = items[items.length - 1];
    if (last !== undefined && last.type === type) {
      if (lastFragmentLength !== FRAGMENT) {
        throw new ProtocolError(
          `TLV8 inconsistent: item of type ${type} at offset ${offset} follows a ${lastFragmentLength}-byte item of the same type`,
        );
      }
      last.chunks.push(value);
    } else {
      items.push({ type, chunks: [value] });
    }
    lastFragmentLength = length;
    offset = end;
  }
  return items.map(({ type, chunks }) => {
    const size = chunks.reduce((n, c) => n + c.length, 0);
    const value = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      value.set(c, at);
      at += c.length;
    }
    return { type, value };
  });
}

/**
 * Decodes into a map by type, for messages in which each type occurs at most once (all pairing
 * messages). A type that occurs twice is a `ProtocolError`.
 */
export function decodeTlv8Map(bytes: Uint8Array, options: Tlv8DecodeOptions = {}): Map<number, Uint8Array> {
  const map = new Map<number, Uint8Array>();
  for (const { type, value } of decodeTlv8(bytes, options)) {
    if (map.has(type)) throw new ProtocolError(`TLV8 item of type ${type} occurs more than once`);
    map.set(type, value);
  }
  return map;
}
