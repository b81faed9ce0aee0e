/** The DMAP `mlit` metadata body of SET_PARAMETER (raop.md §4 step 7, dmap.md TLV format). */
import { MalformedRaopMessageError } from "./errors.js";

export interface TrackText {
  title?: string | undefined;
  artist?: string | undefined;
  album?: string | undefined;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

function tlv(tag: string, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + value.length);
  out.set(encoder.encode(tag), 0);
  new DataView(out.buffer).setUint32(4, value.length);
  out.set(value, 8);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** `mlit{minm, asal, asar}` in pyatv's order; absent fields are left out. */
export function encodeTrackMetadata(m: TrackText): Uint8Array {
  const items: Uint8Array[] = [];
  if (m.title !== undefined) items.push(tlv("minm", encoder.encode(m.title)));
  if (m.album !== undefined) items.push(tlv("asal", encoder.encode(m.album)));
  if (m.artist !== undefined) items.push(tlv("asar", encoder.encode(m.artist)));
  return tlv("mlit", concat(items));
}

const MAX_METADATA_BYTES = 64 * 1024;

/** Receiver side: the strings of an `mlit` body; MalformedRaopMessageError for bad TLVs. */
export function decodeTrackMetadata(body: Uint8Array): TrackText {
  if (body.length > MAX_METADATA_BYTES) throw new MalformedRaopMessageError("DMAP metadata too large");
  const out: TrackText = {};
  const walk = (bytes: Uint8Array, depth: number): void => {
    if (depth > 2) throw new MalformedRaopMessageError("DMAP metadata nested too deep");
    let o = 0;
    while (o < bytes.length) {
      if (bytes.length - o < 8) throw new MalformedRaopMessageError("truncated DMAP tag");
      const tag = String.fromCharCode(...bytes.subarray(o, o + 4));
      const len = new DataView(bytes.buffer, bytes.byteOffset + o + 4, 4).getUint32(0);
      if (len > bytes.length - o - 8)
        throw new MalformedRaopMessageError(`DMAP tag ${JSON.stringify(tag)} overruns`);
      const value = bytes.subarray(o + 8, o + 8 + len);
      o += 8 + len;
      const text = (): string => {
        try {
          return decoder.decode(value);
        } catch {
          throw new MalformedRaopMessageError(`DMAP tag ${tag} is not UTF-8`);
        }
      };
      if (tag === "mlit") walk(value, depth + 1);
      else if (tag === "minm") out.title = text();
      else if (tag === "asar") out.artist = text();
      else if (tag === "asal") out.album = text();
    }
  };
  walk(body, 0);
  return out;
}
