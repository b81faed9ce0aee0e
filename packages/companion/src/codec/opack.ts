/**
 * OPACK, Apple's compact binary serialization (companion.md §3): encode and decode, pure and
 * synchronous. Integers use Apple's signed rule; floats, UUIDs and dates are wrapped so a decoded
 * value re-encodes to the same bytes. Decoding bounds nesting and checks every length against the
 * bytes left before reading, so hostile input gives MalformedOpackError and never a crash.
 */
import { MalformedOpackError } from "./errors.js";

/** A float; `size` says whether it travels as float32 (0x35) or float64 (0x36, the default). */
export class OpackFloat {
  constructor(
    readonly value: number,
    readonly size: 32 | 64 = 64,
  ) {}
}

/** A 16-byte UUID (tag 0x05) in standard byte order. */
export class OpackUuid {
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    if (bytes.length !== 16) throw new RangeError(`a UUID is 16 bytes, got ${bytes.length}`);
    this.bytes = bytes;
  }
  /** Parses `12345678-1234-5678-1234-567812345678`. */
  static fromString(text: string): OpackUuid {
    const hex = text.replace(/-/g, "");
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`not a UUID: ${text}`);
    return new OpackUuid(Uint8Array.from(Buffer.from(hex, "hex")));
  }
  toString(): string {
    const h = Buffer.from(this.bytes).toString("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

/** An absolute time (tag 0x06): float64 seconds since 2001-01-01 (Apple's reading; pyatv differs). */
export class OpackDate {
  constructor(readonly secondsSince2001: number) {}
}

/** A dictionary with string keys (the usual case; null prototype, so any key is an own key). */
export interface OpackObject {
  [key: string]: OpackValue;
}

/** Every value OPACK can carry. Dictionaries with non-string keys decode to a Map. */
export type OpackValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | OpackFloat
  | OpackUuid
  | OpackDate
  | OpackValue[]
  | OpackObject
  | Map<OpackValue, OpackValue>;

export interface OpackDecodeOptions {
  /** Deepest accepted nesting of arrays/dictionaries. Default 32. */
  maxDepth?: number;
}

export interface OpackEncodeOptions {
  /** Emit back-references for repeated strings/data/numbers, as pyatv and Apple do. Default true. */
  pointers?: boolean;
}

export const DEFAULT_MAX_OPACK_DEPTH = 32;

const TERMINATOR = 0x03;
const textDecoder = new TextDecoder("utf-8", { fatal: true });
const textEncoder = new TextEncoder();

// ───────────────────────────── decoding ─────────────────────────────

/** Marks the end of an endless collection while decoding. */
const END = Symbol("end");
type Decoded = OpackValue | typeof END;

class Reader {
  offset = 0;
  readonly table: OpackValue[] = [];
  readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly maxDepth: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(message: string, at = this.offset): never {
    throw new MalformedOpackError(message, at);
  }

  need(n: number, what: string): void {
    if (n > this.bytes.length - this.offset) {
      this.fail(`${what} needs ${n} bytes, only ${this.bytes.length - this.offset} left`);
    }
  }

  uint(size: number, what: string): number {
    this.need(size, what);
    const o = this.offset;
    let value: number;
    if (size === 1) value = this.view.getUint8(o);
    else if (size === 2) value = this.view.getUint16(o, true);
    else if (size === 3) value = this.view.getUint16(o, true) + this.view.getUint8(o + 2) * 0x10000;
    else if (size === 4) value = this.view.getUint32(o, true);
    else {
      const big = this.view.getBigUint64(o, true);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`${what} ${big} is too large`);
      value = Number(big);
    }
    this.offset += size;
    return value;
  }

  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  value(depth: number): Decoded {
    this.need(1, "tag");
    const start = this.offset;
    const tag = this.bytes[this.offset++] as number;
    if (tag === 0x01) return true;
    if (tag === 0x02) return false;
    if (tag === TERMINATOR) return END;
    if (tag === 0x04) return null;
    if (tag === 0x05) return this.remember(new OpackUuid(this.take(16, "UUID")));
    if (tag === 0x06) {
      this.need(8, "date");
      const seconds = this.view.getFloat64(this.offset, true);
      this.offset += 8;
      return this.remember(new OpackDate(seconds));
    }
    if (tag >= 0x07 && tag <= 0x2f) return tag - 8;
    if (tag >= 0x30 && tag <= 0x34) return this.remember(this.integer(tag));
    if (tag === 0x35 || tag === 0x36) {
      const size = tag === 0x35 ? 4 : 8;
      this.need(size, "float");
      const value =
        size === 4 ? this.view.getFloat32(this.offset, true) : this.view.getFloat64(this.offset, true);
      this.offset += size;
      return this.remember(new OpackFloat(value, size === 4 ? 32 : 64));
    }
    if (tag >= 0x40 && tag <= 0x64) {
      const length =
        tag <= 0x60 ? tag - 0x40 : this.uint(LENGTH_BYTES[tag - 0x61] as number, "string length");
      return this.remember(this.text(length, start));
    }
    if (tag === 0x6f) {
      const end = this.bytes.indexOf(0, this.offset);
      if (end < 0) this.fail("NUL-terminated string without NUL", start);
      const value = this.text(end - this.offset, start);
      this.offset++;
      return this.remember(value);
    }
    if (tag >= 0x70 && tag <= 0x94) {
      const length = tag <= 0x90 ? tag - 0x70 : this.uint(LENGTH_BYTES[tag - 0x91] as number, "data length");
      return this.remember(this.take(length, "data"));
    }
    if (tag === 0x9f) return this.remember(this.chunkedData(start));
    if (tag >= 0xa0 && tag <= 0xc4) {
      const index = tag <= 0xc0 ? tag - 0xa0 : this.uint(tag - 0xc0, "pointer");
      if (index >= this.table.length) {
        this.fail(`pointer to entry ${index}, the table has ${this.table.length}`, start);
      }
      return this.table[index] as OpackValue;
    }
    if (tag >= 0xd0 && tag <= 0xdf) return this.array(tag, depth, start);
    if (tag >= 0xe0 && tag <= 0xef) return this.dict(tag, depth, start);
    return this.fail(`unknown tag 0x${tag.toString(16).padStart(2, "0")}`, start);
  }

  integer(tag: number): number | bigint {
    const size = [1, 2, 4, 8, 16][tag - 0x30] as number;
    this.need(size, "integer");
    const o = this.offset;
    this.offset += size;
    if (size === 1) return this.view.getInt8(o);
    if (size === 2) return this.view.getInt16(o, true);
    if (size === 4) return this.view.getInt32(o, true);
    if (size === 8) return normalize(this.view.getBigInt64(o, true));
    const low = this.view.getBigUint64(o, true);
    const high = this.view.getBigInt64(o + 8, true);
    return normalize((high << 64n) | low);
  }

  text(length: number, start: number): string {
    this.need(length, "string");
    const raw = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    try {
      return textDecoder.decode(raw);
    } catch {
      return this.fail("string is not valid UTF-8", start);
    }
  }

  chunkedData(start: number): Uint8Array {
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      this.need(1, "data chunk");
      const tag = this.bytes[this.offset] as number;
      if (tag === TERMINATOR) {
        this.offset++;
        break;
      }
      if (tag < 0x70 || tag > 0x94) this.fail("chunked data holds a non-data item", start);
      this.offset++;
      const length = tag <= 0x90 ? tag - 0x70 : this.uint(LENGTH_BYTES[tag - 0x91] as number, "data length");
      const part = this.take(length, "data");
      parts.push(part);
      total += part.length;
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  array(tag: number, depth: number, start: number): OpackValue[] {
    if (depth >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`, start);
    const out: OpackValue[] = [];
    const count = tag & 0x0f;
    if (count !== 0x0f) {
      for (let i = 0; i < count; i++) out.push(this.item(depth, "array item"));
      return out;
    }
    for (;;) {
      const item = this.value(depth + 1);
      if (item === END) return out;
      out.push(item);
    }
  }

  dict(tag: number, depth: number, start: number): OpackObject | Map<OpackValue, OpackValue> {
    if (depth >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`, start);
    const entries: [OpackValue, OpackValue][] = [];
    const count = tag & 0x0f;
    if (count !== 0x0f) {
      for (let i = 0; i < count; i++) entries.push([this.item(depth, "key"), this.item(depth, "value")]);
    } else {
      for (;;) {
        const key = this.value(depth + 1);
        if (key === END) break;
        entries.push([key, this.item(depth, "value")]);
      }
    }
    return toDictionary(entries);
  }

  item(depth: number, what: string): OpackValue {
    const at = this.offset;
    const value = this.value(depth + 1);
    if (value === END) this.fail(`terminator where a ${what} was expected`, at);
    return value;
  }

  /** Apple's table rule: strings (non-empty), data ≥ 2 bytes, integers outside −1…39, floats, UUIDs, dates. */
  remember<T extends OpackValue>(value: T): T {
    if (typeof value === "string") {
      if (value.length > 0) this.table.push(value);
    } else if (value instanceof Uint8Array) {
      if (value.length >= 2) this.table.push(value);
    } else if (typeof value === "number" || typeof value === "bigint") {
      if (value < -1 || value > 39) this.table.push(value);
    } else {
      this.table.push(value);
    }
    return value;
  }
}

/** Bytes of the length field for tags 0x61…0x64 / 0x91…0x94. */
const LENGTH_BYTES = [1, 2, 4, 8] as const;

function normalize(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/** A null-prototype object when every key is a string that keeps its place, else a Map. */
function toDictionary(entries: [OpackValue, OpackValue][]): OpackObject | Map<OpackValue, OpackValue> {
  const plain = entries.every(([key]) => typeof key === "string" && !/^(0|[1-9]\d*)$/.test(key));
  if (!plain) return new Map(entries);
  const out = Object.create(null) as OpackObject;
  for (const [key, value] of entries) out[key as string] = value;
  return out;
}

/** Decodes one OPACK value that spans all of `bytes`. MalformedOpackError on anything else. */
export function decodeOpack(bytes: Uint8Array, options: OpackDecodeOptions = {}): OpackValue {
  const reader = new Reader(bytes, options.maxDepth ?? DEFAULT_MAX_OPACK_DEPTH);
  const value = reader.item(-1, "value");
  if (reader.offset !== bytes.length) reader.fail(`${bytes.length - reader.offset} trailing bytes`);
  return value;
}

// ───────────────────────────── encoding ─────────────────────────────

class Writer {
  #buffer = new Uint8Array(256);
  #view = new DataView(this.#buffer.buffer);
  length = 0;
  readonly #table = new Map<string, number>();
  #tableSize = 0;

  constructor(readonly pointers: boolean) {}

  result(): Uint8Array {
    return this.#buffer.slice(0, this.length);
  }

  #reserve(n: number): void {
    if (this.length + n <= this.#buffer.length) return;
    let size = this.#buffer.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buffer.subarray(0, this.length));
    this.#buffer = next;
    this.#view = new DataView(next.buffer);
  }

  byte(value: number): void {
    this.#reserve(1);
    this.#buffer[this.length++] = value;
  }

  bytes(value: Uint8Array): void {
    this.#reserve(value.length);
    this.#buffer.set(value, this.length);
    this.length += value.length;
  }

  /** Writes a string known to be ASCII, one byte per character. */
  ascii(value: string): void {
    this.#reserve(value.length);
    for (let i = 0; i < value.length; i++) this.#buffer[this.length++] = value.charCodeAt(i);
  }

  uintLe(value: number, size: number): void {
    this.#reserve(size);
    for (let i = 0; i < size; i++) {
      this.#buffer[this.length++] = Math.floor(value / 2 ** (8 * i)) & 0xff;
    }
  }

  float(value: number, size: 32 | 64): void {
    this.#reserve(9);
    this.#buffer[this.length++] = size === 32 ? 0x35 : 0x36;
    if (size === 32) this.#view.setFloat32(this.length, value, true);
    else this.#view.setFloat64(this.length, value, true);
    this.length += size / 8;
  }

  date(seconds: number): void {
    this.#reserve(9);
    this.#buffer[this.length++] = 0x06;
    this.#view.setFloat64(this.length, seconds, true);
    this.length += 8;
  }

  bigint(value: bigint): void {
    this.#reserve(17);
    if (value >= -(2n ** 63n) && value < 2n ** 63n) {
      this.#buffer[this.length++] = 0x33;
      this.#view.setBigInt64(this.length, value, true);
      this.length += 8;
      return;
    }
    if (value < -(2n ** 127n) || value >= 2n ** 127n) {
      throw new RangeError(`integer ${value} does not fit OPACK's 128-bit integers`);
    }
    this.#buffer[this.length++] = 0x34;
    this.#view.setBigUint64(this.length, value & 0xffffffffffffffffn, true);
    this.#view.setBigInt64(this.length + 8, value >> 64n, true);
    this.length += 16;
  }

  /** Writes a back-reference if `key` was seen; otherwise records it (Apple's table rule). */
  pointer(key: string | undefined): boolean {
    if (key === undefined) return false;
    const index = this.#table.get(key);
    if (index !== undefined && this.pointers) {
      if (index <= 0x20) {
        this.byte(0xa0 + index);
      } else {
        const size = index <= 0xff ? 1 : index <= 0xffff ? 2 : index <= 0xffffff ? 3 : 4;
        this.byte(0xc0 + size);
        this.uintLe(index, size);
      }
      return true;
    }
    if (!this.#table.has(key)) this.#table.set(key, this.#tableSize);
    this.#tableSize++;
    return false;
  }
}

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return false;
  return true;
}

function tableKey(value: OpackValue): string | undefined {
  if (typeof value === "string") return value.length > 0 ? `s${value}` : undefined;
  if (value instanceof Uint8Array)
    return value.length >= 2
      ? `d${Buffer.from(value.buffer, value.byteOffset, value.length).toString("hex")}`
      : undefined;
  if (typeof value === "number") {
    if (Number.isInteger(value)) return value < -1 || value > 39 ? `i${value}` : undefined;
    return floatKey(value, 64);
  }
  if (typeof value === "bigint") return value < -1n || value > 39n ? `i${value}` : undefined;
  if (value instanceof OpackFloat) return floatKey(value.value, value.size);
  if (value instanceof OpackUuid) return `u${Buffer.from(value.bytes).toString("hex")}`;
  if (value instanceof OpackDate) return `t${floatBits(value.secondsSince2001)}`;
  return undefined;
}

function floatBits(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  return view.getBigUint64(0, true).toString(16);
}

function floatKey(value: number, size: 32 | 64): string {
  return `f${size}:${floatBits(size === 32 ? Math.fround(value) : value)}`;
}

function writeLength(w: Writer, length: number, small: number, base: number, maxSmall: number): void {
  if (length <= maxSmall) return w.byte(small + length);
  if (length <= 0xff) return (w.byte(base), w.uintLe(length, 1));
  if (length <= 0xffff) return (w.byte(base + 1), w.uintLe(length, 2));
  if (length <= 0xffffffff) return (w.byte(base + 2), w.uintLe(length, 4));
  return (w.byte(base + 3), w.uintLe(length, 8));
}

function writeInteger(w: Writer, value: number): void {
  if (value >= -1 && value <= 39) return w.byte(value + 8);
  if (value >= -0x80 && value <= 0x7f) return (w.byte(0x30), w.uintLe(value & 0xff, 1));
  if (value >= -0x8000 && value <= 0x7fff) return (w.byte(0x31), w.uintLe(value & 0xffff, 2));
  if (value >= -0x80000000 && value <= 0x7fffffff) return (w.byte(0x32), w.uintLe(value >>> 0, 4));
  w.bigint(BigInt(value));
}

function write(w: Writer, value: OpackValue, depth: number, seen: Set<object>): void {
  if (depth > DEFAULT_MAX_OPACK_DEPTH * 4) throw new RangeError("OPACK value nested too deeply");
  if (value === null || value === undefined) return w.byte(0x04);
  if (value === true) return w.byte(0x01);
  if (value === false) return w.byte(0x02);
  if (w.pointer(tableKey(value))) return;
  if (typeof value === "number") {
    if (Number.isInteger(value)) {
      if (!Number.isSafeInteger(value)) return w.bigint(BigInt(value));
      return writeInteger(w, value);
    }
    return w.float(value, 64);
  }
  if (typeof value === "bigint") {
    if (value >= -0x80000000n && value <= 0x7fffffffn) return writeInteger(w, Number(value));
    return w.bigint(value);
  }
  if (typeof value === "string") {
    if (isAscii(value)) {
      writeLength(w, value.length, 0x40, 0x61, 0x20);
      return w.ascii(value);
    }
    const bytes = textEncoder.encode(value);
    writeLength(w, bytes.length, 0x40, 0x61, 0x20);
    return w.bytes(bytes);
  }
  if (value instanceof Uint8Array) {
    writeLength(w, value.length, 0x70, 0x91, 0x20);
    return w.bytes(value);
  }
  if (value instanceof OpackFloat) return w.float(value.value, value.size);
  if (value instanceof OpackUuid) return (w.byte(0x05), w.bytes(value.bytes));
  if (value instanceof OpackDate) return w.date(value.secondsSince2001);
  if (seen.has(value)) throw new TypeError("cannot encode a cyclic value as OPACK");
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      w.byte(0xd0 + Math.min(value.length, 0x0f));
      for (const item of value) write(w, item, depth + 1, seen);
      if (value.length >= 0x0f) w.byte(TERMINATOR);
      return;
    }
    const entries: [OpackValue, OpackValue][] =
      value instanceof Map ? [...value.entries()] : Object.entries(value);
    let count = 0;
    for (const [, v] of entries) if (v !== undefined) count++;
    w.byte(0xe0 + Math.min(count, 0x0f));
    for (const [k, v] of entries) {
      if (v === undefined) continue;
      write(w, k, depth + 1, seen);
      write(w, v, depth + 1, seen);
    }
    if (count >= 0x0f) w.byte(TERMINATOR);
  } finally {
    seen.delete(value);
  }
}

/**
 * Encodes one value. Integers follow Apple's signed rule; a non-integer number is a float64
 * (wrap in OpackFloat to send an integral float such as 1000.0). Undefined object members are
 * left out. TypeError for values OPACK cannot carry.
 */
export function encodeOpack(value: OpackValue, options: OpackEncodeOptions = {}): Uint8Array {
  const w = new Writer(options.pointers ?? true);
  assertEncodable(value);
  write(w, value, 0, new Set());
  return w.result();
}

function assertEncodable(value: unknown): asserts value is OpackValue {
  if (typeof value === "function" || typeof value === "symbol") {
    throw new TypeError(`cannot encode a ${typeof value} as OPACK`);
  }
}

// ───────────────────────────── helpers for readers ─────────────────────────────

/** A dictionary member by string key, from a plain object or a Map. */
export function opackGet(dict: OpackValue | undefined, key: string): OpackValue | undefined {
  if (dict instanceof Map) return dict.get(key);
  if (isOpackObject(dict)) return Object.hasOwn(dict, key) ? dict[key] : undefined;
  return undefined;
}

/** True for a decoded string-keyed dictionary (not an array, bytes or wrapper). */
export function isOpackObject(value: OpackValue | undefined): value is OpackObject {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Map) &&
    !(value instanceof OpackFloat) &&
    !(value instanceof OpackUuid) &&
    !(value instanceof OpackDate)
  );
}

/** The entries of a dictionary (object or Map). */
export function opackEntries(value: OpackValue | undefined): [OpackValue, OpackValue][] {
  if (value instanceof Map) return [...value.entries()];
  if (isOpackObject(value)) return Object.entries(value);
  return [];
}

/** A number from an integer, bigint or float value; undefined for anything else. */
export function opackNumber(value: OpackValue | undefined): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof OpackFloat) return value.value;
  return undefined;
}

/** Short text for any value, for messages (strings as they are, containers summarised). */
export function opackText(value: OpackValue | undefined): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null || typeof value !== "object") return String(value);
  if (value instanceof OpackFloat) return String(value.value);
  if (value instanceof OpackUuid) return value.toString();
  if (value instanceof OpackDate) return `date(${value.secondsSince2001})`;
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return `[array of ${value.length}]`;
  return "{dictionary}";
}
