import { varintLength } from "./varint.js";

/** Prefixes `payload` with its varint length: one MRP frame as it goes on the wire. */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const n = payload.length;
  const out = new Uint8Array(varintLength(n) + n);
  let v = n;
  let i = 0;
  while (v >= 0x80) {
    out[i++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  out[i++] = v;
  out.set(payload, i);
  return out;
}
