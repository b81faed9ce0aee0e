/**
 * DMAP decoder (dmap.md §3): `tag(4) ‖ length(u32 BE) ‖ data`, containers nest.
 * Pure and bounded: the input is a complete body the caller already bounded; nesting is
 * limited, a length beyond its parent, a truncated header, or data that does not fit its
 * type is an InvalidDmapDataError, never a crash.
 */
import { InvalidDmapDataError } from "@atv/core";
import type { DmapNode } from "./node.js";
import { DmapType, lookupTag } from "./tags.js";

export interface DecodeOptions {
  /** Deepest container nesting accepted (default 32). */
  maxDepth?: number;
  /** Largest input accepted (default 16 MiB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_DEPTH = 32;
export const DEFAULT_MAX_DECODE_BYTES = 16 * 1024 * 1024;

const HEADER_BYTES = 8;
const utf8 = new TextDecoder("utf-8");

function tagAt(data: Uint8Array, offset: number): string {
  let s = "";
  for (let i = 0; i < 4; i++) s += String.fromCharCode(data[offset + i] ?? 0);
  return s;
}

function readUint(data: Uint8Array, start: number, end: number): bigint {
  let v = 0n;
  for (let i = start; i < end; i++) v = (v << 8n) | BigInt(data[i] ?? 0);
  return v;
}

function safeTag(tag: string): string {
  return JSON.stringify(tag);
}

/** Decodes a DMAP body into its nodes. InvalidDmapDataError on malformed data. */
export function decodeDmap(data: Uint8Array, options: DecodeOptions = {}): DmapNode[] {
  if (!(data instanceof Uint8Array)) throw new TypeError("DMAP data must be a Uint8Array");
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DECODE_BYTES;
  if (data.length > maxBytes)
    throw new InvalidDmapDataError(`DMAP data of ${data.length} bytes exceeds the limit of ${maxBytes}`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);

  const parse = (start: number, end: number, depth: number): DmapNode[] => {
    const out: DmapNode[] = [];
    let offset = start;
    while (offset < end) {
      if (end - offset < HEADER_BYTES)
        throw new InvalidDmapDataError(
          `truncated DMAP tag header at offset ${offset} (${end - offset} bytes left)`,
        );
      const tag = tagAt(data, offset);
      const length = view.getUint32(offset + 4);
      const dataStart = offset + HEADER_BYTES;
      if (length > end - dataStart)
        throw new InvalidDmapDataError(
          `DMAP tag ${safeTag(tag)} at offset ${offset} claims ${length} bytes, only ${end - dataStart} left`,
        );
      const dataEnd = dataStart + length;
      out.push(node(tag, dataStart, dataEnd, depth));
      offset = dataEnd;
    }
    return out;
  };

  const node = (tag: string, start: number, end: number, depth: number): DmapNode => {
    const def = lookupTag(tag);
    const length = end - start;
    if (!def) return { kind: "unknown", tag, value: data.slice(start, end) };
    switch (def.type) {
      case DmapType.Container:
        if (depth + 1 > maxDepth)
          throw new InvalidDmapDataError(`DMAP nesting deeper than ${maxDepth} at tag ${safeTag(tag)}`);
        return { kind: "container", tag, children: parse(start, end, depth + 1) };
      case DmapType.Uint:
        if (length < 1 || length > 8)
          throw new InvalidDmapDataError(`DMAP integer ${safeTag(tag)} has length ${length} (1–8 expected)`);
        return { kind: "uint", tag, width: length, value: readUint(data, start, end) };
      case DmapType.Bool:
        if (length !== 1)
          throw new InvalidDmapDataError(`DMAP boolean ${safeTag(tag)} has length ${length} (1 expected)`);
        return { kind: "bool", tag, value: data[start] !== 0 };
      case DmapType.String:
        return { kind: "string", tag, value: utf8.decode(data.subarray(start, end)) };
      case DmapType.Bytes:
        return { kind: "bytes", tag, value: data.slice(start, end) };
      case DmapType.Plist:
        return { kind: "plist", tag, value: data.slice(start, end) };
      default: {
        const never: never = def.type;
        throw new InvalidDmapDataError(`unhandled DMAP type ${String(never)}`);
      }
    }
  };

  return parse(0, data.length, 0);
}
