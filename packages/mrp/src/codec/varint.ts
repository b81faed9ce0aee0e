/**
 * Protobuf base-128 varints as used by MRP's frame length prefix: least
 * significant 7-bit group first, high bit = "more bytes follow".
 * Frame lengths are bounded far below 2^32, so at most 5 bytes are accepted.
 */

/** The longest varint a frame length may use (enough for 2^35 - 1). */
export const MAX_LENGTH_VARINT_BYTES = 5;

/** Encodes a non-negative safe integer as a varint. */
export function encodeVarint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`varint value must be a non-negative safe integer, got ${value}`);
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** How many bytes `encodeVarint(value)` produces. */
export function varintLength(value: number): number {
  let n = 1;
  let v = value;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}
