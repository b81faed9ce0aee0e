/**
 * Strict Ed25519 verification on top of OpenSSL: public keys that are non-canonical or of small
 * order are refused even where OpenSSL alone would accept a forged signature for them, and X25519
 * refuses every low-order peer key. The small-order y coordinates are derived here from the curve
 * equation, independently of the constant in src/primitives/curves.ts.
 */
import { createHash, createPublicKey, verify as nodeVerify } from "node:crypto";
import { unhex } from "@atv/test-utils";
import { describe, expect, it } from "vitest";
import { ed25519, ProtocolError, x25519 } from "../src/index.js";

const P = 2n ** 255n - 19n;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const mod = (a: bigint, m = P): bigint => ((a % m) + m) % m;
function pow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = mod(result * b);
    b = mod(b * b);
  }
  return result;
}
const inv = (a: bigint): bigint => pow(a, P - 2n);
const SQRT_M1 = pow(2n, (P - 1n) / 4n);
/** A square root mod p (p ≡ 5 mod 8), or undefined. */
function sqrt(a: bigint): bigint | undefined {
  const c = pow(a, (P + 3n) / 8n);
  if (mod(c * c) === mod(a)) return c;
  const d = mod(c * SQRT_M1);
  return mod(d * d) === mod(a) ? d : undefined;
}
const D = mod(-121665n * inv(121666n));

/** y of the order-8 points: doubling gives (±√−1, 0), i.e. x² = −y², so d·y⁴ + 2y² − 1 = 0. */
function order8Y(): bigint[] {
  const root = sqrt(1n + D) ?? 0n;
  const ys: bigint[] = [];
  for (const y2 of [mod((-1n + root) * inv(D)), mod((-1n - root) * inv(D))]) {
    const y = sqrt(y2);
    if (y !== undefined) ys.push(y, mod(-y));
  }
  return ys;
}

function encode(y: bigint, signBit: 0 | 1): Uint8Array {
  const out = new Uint8Array(32);
  let v = y;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  out[31] = (out[31] ?? 0) | (signBit << 7);
  return out;
}

function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] ?? 0);
  return n;
}

const IDENTITY = encode(1n, 0);
const spki = (publicKey: Uint8Array): ReturnType<typeof createPublicKey> =>
  createPublicKey({
    key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), publicKey]),
    format: "der",
    type: "spki",
  });

/**
 * A message for which the signature (R = identity, S = 0) verifies under OpenSSL's equation
 * [S]B = R + [k]A when A has small order: any k ≡ 0 (mod 8) makes [k]A the identity.
 */
function forgeryMessage(publicKey: Uint8Array): Uint8Array {
  for (let i = 0; ; i++) {
    const message = new TextEncoder().encode(`forged ${i}`);
    const digest = createHash("sha512").update(IDENTITY).update(publicKey).update(message).digest();
    if (mod(littleEndian(digest), L) % 8n === 0n) return message;
  }
}

describe("Ed25519 strict public-key checks", () => {
  const smallOrderY = [1n, P - 1n, 0n, ...order8Y()];
  const forgedSignature = new Uint8Array(64);
  forgedSignature.set(IDENTITY, 0);

  it("derives the eight small-order points (five y values)", () => {
    expect(new Set(smallOrderY).size).toBe(5);
  });

  it.each(smallOrderY.map((y) => [y.toString(16)]))(
    "refuses a forged signature under the small-order key y=0x%s that OpenSSL accepts",
    (yHex) => {
      const publicKey = encode(BigInt(`0x${yHex}`), 0);
      const message = forgeryMessage(publicKey);
      // Without the pre-check this forgery passes: OpenSSL's verify is cofactorless but has no
      // small-order test.
      expect(nodeVerify(null, message, spki(publicKey), forgedSignature)).toBe(true);
      expect(ed25519.verify(forgedSignature, message, publicKey)).toBe(false);
      const negated = encode(BigInt(`0x${yHex}`), 1);
      expect(ed25519.verify(forgedSignature, forgeryMessage(negated), negated)).toBe(false);
    },
  );

  it.each([0n, 1n])("refuses the non-canonical encoding y = %d + p that OpenSSL accepts", (y) => {
    const publicKey = encode(y + P, 0);
    const message = forgeryMessage(publicKey);
    expect(nodeVerify(null, message, spki(publicKey), forgedSignature)).toBe(true);
    expect(ed25519.verify(forgedSignature, message, publicKey)).toBe(false);
  });

  it("refuses every non-canonical y (≥ p) and still accepts an ordinary key", () => {
    const { secretKey, publicKey } = ed25519.generateKeyPair();
    const message = new TextEncoder().encode("ordinary");
    const signature = ed25519.sign(message, secretKey);
    expect(ed25519.verify(signature, message, publicKey)).toBe(true);
    for (let y = 0n; y < 19n; y++) {
      expect(ed25519.verify(signature, message, encode(y + P, 0))).toBe(false);
    }
    // S + L: same point, non-reduced scalar.
    const malleated = new Uint8Array(signature);
    malleated.set(encode(littleEndian(signature.subarray(32)) + L, 0), 32);
    expect(ed25519.verify(malleated, message, publicKey)).toBe(false);
  });
});

describe("X25519 low-order peer keys", () => {
  it.each([
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  ])("%s is a ProtocolError", (u) => {
    const { secretKey } = x25519.generateKeyPair();
    expect(() => x25519.sharedSecret(secretKey, unhex(u))).toThrow(ProtocolError);
  });
});
