/**
 * Native modular exponentiation for SRP, through OpenSSL's Diffie-Hellman key import.
 *
 * `createDiffieHellman(N, g)` would do the job, but Node runs `DH_check` (two primality tests of a
 * 3072-bit number, > 1 s) every time one is constructed with a custom prime. Importing a PKCS#8
 * DH private key with domain parameters (p = N, g = base) and private value x makes OpenSSL compute
 * the matching public value base^x mod N (constant-time Montgomery exponentiation) without any
 * parameter check; `createPublicKey` hands it back as SubjectPublicKeyInfo DER, from which we read
 * the INTEGER. Cost: ~1–3 ms for a 3072-bit modulus, instead of ~30–100 ms in pure JS.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";

/** Big-endian unsigned bytes of `value`; left-padded to `length` when given (throws if it does not fit). */
export function bigIntToBytes(value: bigint, length?: number): Uint8Array {
  if (value < 0n) throw new RangeError("negative value");
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const minimal = Buffer.from(hex, "hex");
  if (length === undefined) return new Uint8Array(minimal);
  if (minimal.length > length) throw new RangeError(`value does not fit in ${length} bytes`);
  const out = new Uint8Array(length);
  out.set(minimal, length - minimal.length);
  return out;
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`);
}

function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function der(tag: number, ...body: readonly Uint8Array[]): Buffer {
  let length = 0;
  for (const b of body) length += b.length;
  return Buffer.concat([Uint8Array.of(tag), derLength(length), ...body]);
}

function derInteger(value: bigint): Buffer {
  const bytes = bigIntToBytes(value);
  // A positive INTEGER whose top bit is set needs a leading zero byte.
  const body =
    bytes.length === 0 || (bytes[0] as number) & 0x80 ? Buffer.concat([Uint8Array.of(0), bytes]) : bytes;
  return der(0x02, body);
}

/** OID 1.2.840.113549.1.3.1 (PKCS #3 dhKeyAgreement). */
const DH_OID = Uint8Array.of(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x03, 0x01);
const VERSION_0 = Uint8Array.of(0x02, 0x01, 0x00);

/** Reads one DER header at `offset`: returns the tag, the content offset and length. */
function readHeader(bytes: Uint8Array, offset: number): { tag: number; start: number; length: number } {
  const tag = bytes[offset];
  let first = bytes[offset + 1];
  if (tag === undefined || first === undefined) throw new Error("truncated DER");
  let start = offset + 2;
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) {
      first = bytes[start + i];
      if (first === undefined) throw new Error("truncated DER");
      length = length * 256 + first;
    }
    start += count;
  }
  if (start + length > bytes.length) throw new Error("truncated DER");
  return { tag, start, length };
}

/** The public INTEGER of a DH SubjectPublicKeyInfo: SEQ { SEQ { OID, params }, BIT STRING { INTEGER } }. */
function readSpkiPublicValue(spki: Uint8Array): bigint {
  const outer = readHeader(spki, 0);
  const algorithm = readHeader(spki, outer.start);
  const bitString = readHeader(spki, algorithm.start + algorithm.length);
  if (bitString.tag !== 0x03) throw new Error("unexpected DH public key encoding");
  const integer = readHeader(spki, bitString.start + 1);
  if (integer.tag !== 0x02) throw new Error("unexpected DH public key encoding");
  return bytesToBigInt(spki.subarray(integer.start, integer.start + integer.length));
}

/**
 * base^exponent mod modulus for an odd prime modulus of 512..10000 bits (the SRP groups).
 * The exponent may be secret; OpenSSL's DH code uses constant-time exponentiation for it.
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (exponent < 0n) throw new RangeError("negative exponent");
  let b = base % modulus;
  if (b < 0n) b += modulus;
  if (exponent === 0n) return 1n;
  if (b === 0n || b === 1n) return b;
  // Reduce the exponent (Fermat: b^(N-1) = 1 for prime N and b ≠ 0) so it stays below N.
  const e = exponent >= modulus - 1n ? exponent % (modulus - 1n) : exponent;
  if (e === 0n) return 1n;
  const pkcs8 = der(
    0x30,
    VERSION_0,
    der(0x30, DH_OID, der(0x30, derInteger(modulus), derInteger(b))),
    der(0x04, derInteger(e)),
  );
  try {
    const privateKey = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
    const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
    return readSpkiPublicValue(spki);
  } finally {
    pkcs8.fill(0);
  }
}
