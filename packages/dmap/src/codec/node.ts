/** The decoded form of DMAP data: a list of tagged nodes (a tag may repeat, so never a map). */

export interface DmapContainer {
  readonly kind: "container";
  readonly tag: string;
  readonly children: readonly DmapNode[];
}

/** Unsigned big-endian integer; `width` is its length in bytes (1–8). */
export interface DmapUint {
  readonly kind: "uint";
  readonly tag: string;
  readonly width: number;
  readonly value: bigint;
}

export interface DmapString {
  readonly kind: "string";
  readonly tag: string;
  readonly value: string;
}

export interface DmapBool {
  readonly kind: "bool";
  readonly tag: string;
  readonly value: boolean;
}

/** Raw bytes: `bytes` and `plist` tags, and tags missing from the table (`unknown`). */
export interface DmapBytes {
  readonly kind: "bytes" | "plist" | "unknown";
  readonly tag: string;
  readonly value: Uint8Array;
}

export type DmapNode = DmapContainer | DmapUint | DmapString | DmapBool | DmapBytes;

function checkTag(tag: string): string {
  if (!/^[\x20-\x7e]{4}$/.test(tag))
    throw new TypeError(`DMAP tag must be 4 ASCII characters, got ${JSON.stringify(tag)}`);
  return tag;
}

export function container(tag: string, ...children: DmapNode[]): DmapContainer {
  return { kind: "container", tag: checkTag(tag), children };
}

/** An unsigned integer of `width` bytes (default 4; 8 for values ≥ 2^32). RangeError when it does not fit. */
export function uint(tag: string, value: number | bigint, width?: number): DmapUint {
  const v = BigInt(value);
  const w = width ?? (v >= 2n ** 32n ? 8 : 4);
  if (!Number.isInteger(w) || w < 1 || w > 8)
    throw new RangeError(`DMAP integer width must be 1–8, got ${w}`);
  if (v < 0n || v >= 2n ** BigInt(8 * w))
    throw new RangeError(`${String(value)} does not fit ${w} unsigned bytes`);
  return { kind: "uint", tag: checkTag(tag), width: w, value: v };
}

export function str(tag: string, value: string): DmapString {
  return { kind: "string", tag: checkTag(tag), value };
}

export function bool(tag: string, value: boolean): DmapBool {
  return { kind: "bool", tag: checkTag(tag), value };
}

export function bytes(tag: string, value: Uint8Array, kind: DmapBytes["kind"] = "bytes"): DmapBytes {
  return { kind, tag: checkTag(tag), value };
}
