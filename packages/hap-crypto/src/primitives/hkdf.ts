/** HKDF (RFC 5869) on node:crypto. HAP uses SHA-512 with 32-byte outputs and ASCII salt/info strings. */
import { hkdfSync } from "node:crypto";
import { assertBytes, utf8 } from "../bytes.js";

const HASH_LENGTHS = { sha1: 20, sha256: 32, sha512: 64 } as const;
export type HkdfHash = keyof typeof HASH_LENGTHS;

function toBytes(value: Uint8Array | string, name: string): Uint8Array {
  if (typeof value === "string") return utf8(value);
  assertBytes(value, name);
  return value;
}

/**
 * HKDF with a chosen hash. `salt`/`info` may be strings (encoded as UTF-8; HAP's are ASCII).
 * An empty salt means HKDF's default all-zero salt (HMAC pads a short key with zeros, so the two agree).
 */
export function hkdfWith(
  hash: HkdfHash,
  ikm: Uint8Array,
  salt: Uint8Array | string,
  info: Uint8Array | string,
  length: number,
): Uint8Array {
  assertBytes(ikm, "ikm");
  if (!Number.isInteger(length) || length < 1 || length > 255 * HASH_LENGTHS[hash]) {
    throw new RangeError(`HKDF output length out of range: ${length}`);
  }
  return new Uint8Array(hkdfSync(hash, ikm, toBytes(salt, "salt"), toBytes(info, "info"), length));
}

/** HKDF-SHA-512, 32 bytes unless `length` says otherwise: every HAP key derivation. */
export function hkdfSha512(
  ikm: Uint8Array,
  salt: Uint8Array | string,
  info: Uint8Array | string,
  length = 32,
): Uint8Array {
  return hkdfWith("sha512", ikm, salt, info, length);
}
