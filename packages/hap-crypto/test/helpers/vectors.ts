/**
 * Access to the captured pyatv vectors (mrp-pair-setup.json, companion-pair-and-session.json):
 * the pairing TLV8 bytes exactly as they were on the wire, and the secrets the capture recorded.
 */
import { loadVector, unhex } from "@atv/test-utils";

export interface VectorExchange {
  dir: "client->device" | "device->client";
  conn: number;
  hex: string;
  meaning: string;
  encrypted?: { key: string; nonce: string; aad?: string; plaintext_hex: string };
  decoded?: {
    pairing_step?: string;
    opack?: { _pd?: { $bytes: string } };
    varint_length?: number;
    varint_bytes?: number;
  };
}

export interface PairingVector {
  new_credentials: string;
  keys: Array<Record<string, string>>;
  device_side_secrets: Record<string, string>;
  exchanges: VectorExchange[];
}

export function pairingVector(
  name: "mrp-pair-setup.json" | "companion-pair-and-session.json",
): PairingVector {
  return loadVector<PairingVector>(name);
}

/** Reads a protobuf varint at `offset`: [value, next offset]. */
function varint(bytes: Uint8Array, offset: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[offset++];
    if (b === undefined) throw new Error("truncated varint");
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, offset];
    shift += 7;
  }
}

/** The length-delimited field `field` of a protobuf message (first occurrence). */
function protobufField(message: Uint8Array, field: number): Uint8Array | undefined {
  let offset = 0;
  while (offset < message.length) {
    const [key, afterKey] = varint(message, offset);
    const wire = key & 7;
    const number = Math.floor(key / 8);
    offset = afterKey;
    if (wire === 0) offset = varint(message, offset)[1];
    else if (wire === 1) offset += 8;
    else if (wire === 5) offset += 4;
    else if (wire === 2) {
      const [length, start] = varint(message, offset);
      if (number === field) return message.subarray(start, start + length);
      offset = start + length;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return undefined;
}

/** MRP: frame = varint length ‖ ProtocolMessage; CryptoPairingMessage is extension field 39, pairingData its field 1. */
function mrpPairingData(frameHex: string): Uint8Array {
  const frame = unhex(frameHex);
  const [length, start] = varint(frame, 0);
  const message = frame.subarray(start, start + length);
  const crypto = protobufField(message, 39);
  if (crypto === undefined) throw new Error("not a CryptoPairingMessage");
  const data = protobufField(crypto, 1);
  if (data === undefined) throw new Error("CryptoPairingMessage without pairingData");
  return data;
}

/** The TLV8 payload of every pairing exchange, in order, with its step name ("pair-setup M1" …). */
export function pairingMessages(
  vector: PairingVector,
): Array<{ step: string; conn: number; dir: string; tlv: Uint8Array }> {
  const out: Array<{ step: string; conn: number; dir: string; tlv: Uint8Array }> = [];
  for (const e of vector.exchanges) {
    const step = e.decoded?.pairing_step ?? /(pair-(?:setup|verify) M\d)/.exec(e.meaning)?.[1];
    if (step === undefined) continue;
    const pd = e.decoded?.opack?._pd?.$bytes;
    out.push({ step, conn: e.conn, dir: e.dir, tlv: pd !== undefined ? unhex(pd) : mrpPairingData(e.hex) });
  }
  return out;
}

/** The first pairing message of `step` on connection `conn`. */
export function message(vector: PairingVector, conn: number, step: string): Uint8Array {
  const found = pairingMessages(vector).find((m) => m.conn === conn && m.step === step);
  if (found === undefined) throw new Error(`no ${step} on connection ${conn}`);
  return found.tlv;
}

/** The `keys` entry with `what` starting with `what`, the `index`-th such one. */
export function keyEntry(vector: PairingVector, what: string, index = 0): Record<string, string> {
  const found = vector.keys.filter((k) => (k["what"] ?? "").startsWith(what))[index];
  if (found === undefined) throw new Error(`no key entry ${what} #${index}`);
  return found;
}
