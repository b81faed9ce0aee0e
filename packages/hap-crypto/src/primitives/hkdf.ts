/** HKDF (RFC 5869) on @noble/hashes. HAP uses SHA-512 with 32-byte outputs and ASCII salt/info strings. */
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { assertBytes, utf8 } from "../bytes.js";

const HASHES = { sha1, sha256, sha512 } as const;
const HASH_LENGTHS = { sha1: 20, sha256: 32, sha512: 64 } as const;
export type HkdfHash = keyof typeof HASHES;

function toBytes(value: Uint8Array | string, name: string): Uint8Array {
  if (typeof value === "string") return utf8(value);
  assertBytes(value, name);
  return value;
}

/**
 * HKDF with a chosen hash. `salt`/`info` may be strings (encoded as UTF-8; HAP's are ASCII).
 * An empty salt means HKDF's default all-zero salt.
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
  const saltBytes = toBytes(salt, "salt");
  return hkdf(
    HASHES[hash],
    ikm,
    saltBytes.length === 0 ? undefined : saltBytes,
    toBytes(info, "info"),
    length,
  );
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
