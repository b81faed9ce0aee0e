/**
 * A bounded binary-plist (`bplist00`) reader. Written here rather than taken from bplist-parser
 * because that library expands shared references recursively: a 1 KB plist whose arrays point at
 * each other twice per level takes exponential time, and a reference cycle overflows the stack.
 * Here every object is decoded once (shared references share the result), cycles and nesting
 * deeper than `maxDepth` are errors, and every offset and length is checked against the buffer.
 */
import { MalformedPlistError } from "../http/errors.js";
import type { PlistDict, PlistValue } from "./value.js";

export interface PlistLimits {
  /** Largest accepted plist in bytes. Default 4 MiB. */
  maxBytes?: number;
  /** Most objects. Default 65536. */
  maxObjects?: number;
  /** Deepest container nesting. Default 64. */
  maxDepth?: number;
}

const MAGIC = "bplist00";
const TRAILER = 32;
/** Seconds between 1970-01-01 and 2001-01-01 (the plist epoch). */
const EPOCH_2001 = 978307200;

function fail(message: string): never {
  throw new MalformedPlistError(`binary plist: ${message}`);
}

export function isBinaryPlist(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).toString("latin1") === MAGIC;
}

export function decodeBinaryPlist(bytes: Uint8Array, limits: PlistLimits = {}): PlistValue {
  const maxBytes = limits.maxBytes ?? 4 * 1024 * 1024;
  const maxObjects = limits.maxObjects ?? 65536;
  const maxDepth = limits.maxDepth ?? 64;
  if (bytes.length > maxBytes) fail(`${bytes.length} bytes exceed the limit of ${maxBytes}`);
  if (bytes.length < 8 + TRAILER + 1 || !isBinaryPlist(bytes)) fail("missing bplist00 header or trailer");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const t = bytes.length - TRAILER;
  const offsetSize = view.getUint8(t + 6);
  const refSize = view.getUint8(t + 7);
  const numObjects = view.getBigUint64(t + 8);
  const topObject = view.getBigUint64(t + 16);
  const tableOffset = view.getBigUint64(t + 24);
  if (![1, 2, 4, 8].includes(offsetSize) || ![1, 2, 4, 8].includes(refSize)) fail("bad integer sizes");
  if (numObjects < 1n || numObjects > BigInt(maxObjects)) fail(`object count ${numObjects} out of range`);
  const count = Number(numObjects);
  if (topObject >= numObjects) fail("top object out of range");
  if (tableOffset < 8n || tableOffset + BigInt(count * offsetSize) > BigInt(t))
    fail("offset table out of range");
  const table = Number(tableOffset);

  const readUint = (at: number, size: number): number => {
    if (at < 0 || at + size > bytes.length) fail("read past the end");
    switch (size) {
      case 1:
        return view.getUint8(at);
      case 2:
        return view.getUint16(at);
      case 4:
        return view.getUint32(at);
      default: {
        const v = view.getBigUint64(at);
        if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail("offset or length too large");
        return Number(v);
      }
    }
  };
  const offsetOf = (index: number): number => {
    const offset = readUint(table + index * offsetSize, offsetSize);
    if (offset < 8 || offset >= table) fail(`object ${index} offset out of range`);
    return offset;
  };

  const done = new Map<number, PlistValue>();
  const inProgress = new Set<number>();

  /** Length of a container/data/string: low nibble, or a following int object when it is 0xF. */
  const lengthAt = (at: number, nibble: number): [length: number, start: number] => {
    if (nibble !== 0xf) return [nibble, at + 1];
    const marker = readUint(at + 1, 1);
    if (marker >> 4 !== 0x1) fail("bad length marker");
    const size = 1 << (marker & 0xf);
    if (size > 8) fail("length too large");
    return [readUint(at + 2, size), at + 2 + size];
  };
  const slice = (start: number, length: number): Uint8Array => {
    if (length < 0 || start + length > table) fail("object runs past the offset table");
    return bytes.subarray(start, start + length);
  };

  const decode = (index: number, depth: number): PlistValue => {
    const cached = done.get(index);
    if (cached !== undefined) return cached;
    if (inProgress.has(index)) fail("reference cycle");
    if (depth > maxDepth) fail(`nesting deeper than ${maxDepth}`);
    const at = offsetOf(index);
    const marker = readUint(at, 1);
    const type = marker >> 4;
    const nibble = marker & 0xf;
    let value: PlistValue;
    switch (type) {
      case 0x0:
        if (nibble === 0x8) value = false;
        else if (nibble === 0x9) value = true;
        else fail(`unsupported simple object 0x${marker.toString(16)}`);
        break;
      case 0x1: {
        const size = 1 << nibble;
        if (size > 16) fail("integer too large");
        if (at + 1 + size > table) fail("integer runs past the offset table");
        if (size === 16) {
          // plistlib writes unsigned values ≥ 2^63 as 128-bit; the high half must be zero.
          if (view.getBigUint64(at + 1) !== 0n) fail("128-bit integer out of range");
          value = bigOrNumber(view.getBigUint64(at + 9));
        } else if (size === 8) value = bigOrNumber(view.getBigInt64(at + 1));
        else value = readUint(at + 1, size);
        break;
      }
      case 0x2:
        if (nibble === 2) value = checkedRead(at, 4, table, () => view.getFloat32(at + 1));
        else if (nibble === 3) value = checkedRead(at, 8, table, () => view.getFloat64(at + 1));
        else fail("bad real size");
        break;
      case 0x3:
        if (marker !== 0x33) fail("bad date marker");
        value = new Date((checkedRead(at, 8, table, () => view.getFloat64(at + 1)) + EPOCH_2001) * 1000);
        break;
      case 0x4: {
        const [length, start] = lengthAt(at, nibble);
        value = new Uint8Array(slice(start, length));
        break;
      }
      case 0x5: {
        const [length, start] = lengthAt(at, nibble);
        value = Buffer.from(slice(start, length)).toString("latin1");
        break;
      }
      case 0x6: {
        const [length, start] = lengthAt(at, nibble);
        const raw = slice(start, length * 2);
        let text = "";
        for (let i = 0; i < raw.length; i += 2)
          text += String.fromCharCode(((raw[i] as number) << 8) | (raw[i + 1] as number));
        value = text;
        break;
      }
      case 0x8: {
        const size = nibble + 1;
        value = checkedRead(at, size, table, () => readUint(at + 1, size > 4 ? 8 : size <= 2 ? size : 4));
        break;
      }
      case 0xa: {
        const [length, start] = lengthAt(at, nibble);
        slice(start, length * refSize);
        inProgress.add(index);
        const list: PlistValue[] = [];
        for (let i = 0; i < length; i++) list.push(decode(ref(start + i * refSize), depth + 1));
        inProgress.delete(index);
        value = list;
        break;
      }
      case 0xd: {
        const [length, start] = lengthAt(at, nibble);
        slice(start, length * refSize * 2);
        inProgress.add(index);
        const dict: PlistDict = Object.create(null) as PlistDict;
        for (let i = 0; i < length; i++) {
          const key = decode(ref(start + i * refSize), depth + 1);
          if (typeof key !== "string") fail("dictionary key is not a string");
          dict[key] = decode(ref(start + (length + i) * refSize), depth + 1);
        }
        inProgress.delete(index);
        value = { ...dict };
        break;
      }
      default:
        fail(`unsupported object type 0x${marker.toString(16)}`);
    }
    done.set(index, value);
    return value;
  };
  const ref = (at: number): number => {
    const index = readUint(at, refSize);
    if (index >= count) fail("object reference out of range");
    return index;
  };
  return decode(Number(topObject), 0);
}

function checkedRead<T>(at: number, size: number, limit: number, read: () => T): T {
  if (at + 1 + size > limit) fail("object runs past the offset table");
  return read();
}

function bigOrNumber(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}
