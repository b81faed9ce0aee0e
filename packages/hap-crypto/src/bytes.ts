/** Small byte helpers shared by this package (not exported from the package). */
import { timingSafeEqual } from "node:crypto";

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A copy that owns its memory (so zeroing it never touches the caller's buffer). */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/** Overwrites key material we own with zeros. */
export function zeroize(...buffers: ReadonlyArray<Uint8Array | undefined>): void {
  for (const b of buffers) b?.fill(0);
}

/** Constant-time comparison for equal-length inputs; false when the lengths differ. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/** Throws a TypeError / RangeError when a caller passes something other than `length` bytes. */
export function assertBytes(value: unknown, name: string, length?: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${name} must be ${length} bytes, got ${value.length}`);
  }
}

/** A view of `bytes` as a Buffer without copying (for node:crypto). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Plain Uint8Array copy of a Buffer, so callers never receive pooled Buffer memory. */
export function fromBuffer(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer);
}

export function toHex(bytes: Uint8Array): string {
  return asBuffer(bytes).toString("hex");
}

/** Strict hex decoding: even length, hex digits only (either case). Returns undefined on bad input. */
export function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, "hex"));
}

/** Writes `value` (0 ≤ value ≤ 2^53 − 1) as 8 little-endian bytes at `offset`. */
export function writeUint64LE(target: Uint8Array, offset: number, value: number): void {
  const low = value % 0x1_0000_0000;
  const high = Math.floor(value / 0x1_0000_0000);
  target[offset] = low & 0xff;
  target[offset + 1] = (low >>> 8) & 0xff;
  target[offset + 2] = (low >>> 16) & 0xff;
  target[offset + 3] = (low >>> 24) & 0xff;
  target[offset + 4] = high & 0xff;
  target[offset + 5] = (high >>> 8) & 0xff;
  target[offset + 6] = (high >>> 16) & 0xff;
  target[offset + 7] = (high >>> 24) & 0xff;
}
