/** DMAP encoder: the inverse of decodeDmap (byte-exact for anything decodeDmap produced from valid UTF-8). */
import type { DmapNode } from "./node.js";

const utf8 = new TextEncoder();
const MAX_LENGTH = 0xffff_ffff;

function payload(node: DmapNode): Uint8Array | Uint8Array[] {
  switch (node.kind) {
    case "container":
      return node.children.map(encodeNode);
    case "uint": {
      const out = new Uint8Array(node.width);
      let v = node.value;
      for (let i = node.width - 1; i >= 0; i--) {
        out[i] = Number(v & 0xffn);
        v >>= 8n;
      }
      return out;
    }
    case "string":
      return utf8.encode(node.value);
    case "bool":
      return Uint8Array.of(node.value ? 1 : 0);
    case "bytes":
    case "plist":
    case "unknown":
      return node.value;
    default: {
      const never: never = node;
      throw new TypeError(`unknown DMAP node ${JSON.stringify(never)}`);
    }
  }
}

function encodeNode(node: DmapNode): Uint8Array {
  const body = payload(node);
  const parts = Array.isArray(body) ? body : [body];
  const length = parts.reduce((n, p) => n + p.length, 0);
  if (length > MAX_LENGTH)
    throw new RangeError(`DMAP tag ${node.tag} data is ${length} bytes, the limit is 2^32-1`);
  const out = new Uint8Array(8 + length);
  for (let i = 0; i < 4; i++) out[i] = node.tag.charCodeAt(i) & 0xff;
  new DataView(out.buffer).setUint32(4, length);
  let offset = 8;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Encodes nodes one after another (a body is usually one container, request bodies are not). */
export function encodeDmap(...nodes: DmapNode[]): Uint8Array {
  const parts = nodes.map(encodeNode);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
