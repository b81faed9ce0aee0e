/**
 * Ed25519 (RFC 8032) and X25519 (RFC 7748) on node:crypto (OpenSSL), behind a small Uint8Array API.
 * Secret keys are 32-byte seeds / scalars; public keys are 32 bytes; signatures 64 bytes.
 *
 * Raw keys enter OpenSSL as JWK (node's JWK import calls EVP_PKEY_new_raw_*_key directly; the
 * PKCS8/SPKI DER route goes through OpenSSL 3's decoder lookup and costs ~350 µs per key, more than
 * the curve operation itself). A KeyObject's copy of a secret lives in OpenSSL memory until it is
 * garbage-collected; the caller's Uint8Array is still ours to zero.
 */
import {
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  type KeyObject,
  randomBytes,
  sign as nodeSign,
  verify as nodeVerify,
} from "node:crypto";
import { assertBytes } from "../bytes.js";
import { ProtocolError } from "../errors.js";

export interface KeyPair {
  /** 32 secret bytes (Ed25519: the seed / LTSK; X25519: the scalar). Zero it when done. */
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

type Curve = "Ed25519" | "X25519";

/** 32 fresh random bytes from node:crypto. */
export function randomKey(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}

const PKCS8_PREFIX: Record<Curve, string> = {
  Ed25519: "302e020100300506032b657004220420",
  X25519: "302e020100300506032b656e04220420",
};
/** Node derives the public key from `d` and ignores `x`; this placeholder only satisfies its parser. */
const PLACEHOLDER_X = base64url(new Uint8Array(32));
let jwkPrivateImport = true;

function privateKeyObject(crv: Curve, secret: Uint8Array): KeyObject {
  if (jwkPrivateImport) {
    try {
      return createPrivateKey({
        key: { kty: "OKP", crv, d: base64url(secret), x: PLACEHOLDER_X },
        format: "jwk",
      });
    } catch {
      // A Node that checks `x` against `d`: fall back to the (slower) PKCS8 encoding for good.
      jwkPrivateImport = false;
    }
  }
  const der = Buffer.concat([Buffer.from(PKCS8_PREFIX[crv], "hex"), secret]);
  try {
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } finally {
    der.fill(0);
  }
}

function publicKeyObject(crv: Curve, publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: "OKP", crv, x: base64url(publicKey) }, format: "jwk" });
}

function rawPublicKey(privateKey: KeyObject): Uint8Array {
  const { x } = createPublicKey(privateKey).export({ format: "jwk" });
  return new Uint8Array(Buffer.from(x ?? "", "base64url"));
}

// Ed25519 public-key checks that OpenSSL does not make (RFC 8032 §5.1.3 decoding, strict mode):
// a y coordinate ≥ p is a non-canonical encoding, and the eight small-order points (y ∈ {1, p−1, 0,
// ±y8}) let one signature verify for many messages. OpenSSL accepts both (a forged signature under
// A = identity verifies); @noble/curves' strict mode, which this module used before, rejected them.
const P = 2n ** 255n - 19n;
/** y of the order-8 points (the other pair has p − y8); test/ed25519-strict.test.ts derives it. */
const Y8 = 0x05fc536d880238b13933c6d305acdfd5f098eff289f4c345b027b2c28f95e826n;
const SMALL_ORDER_Y: ReadonlySet<bigint> = new Set([0n, 1n, P - 1n, Y8, P - Y8]);

function isStrictPublicKey(publicKey: Uint8Array): boolean {
  let y = BigInt(publicKey[31] ?? 0) & 0x7fn;
  for (let i = 30; i >= 0; i--) y = (y << 8n) | BigInt(publicKey[i] ?? 0);
  return y < P && !SMALL_ORDER_Y.has(y);
}

export const ed25519 = {
  /** A key pair from `seed` (copied), or from a fresh random seed. */
  generateKeyPair(seed?: Uint8Array): KeyPair {
    const secretKey = seed === undefined ? randomKey() : new Uint8Array(seed);
    assertBytes(secretKey, "Ed25519 seed", 32);
    return { secretKey, publicKey: rawPublicKey(privateKeyObject("Ed25519", secretKey)) };
  },
  getPublicKey(secretKey: Uint8Array): Uint8Array {
    assertBytes(secretKey, "Ed25519 seed", 32);
    return rawPublicKey(privateKeyObject("Ed25519", secretKey));
  },
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
    assertBytes(message, "message");
    assertBytes(secretKey, "Ed25519 seed", 32);
    return new Uint8Array(nodeSign(null, message, privateKeyObject("Ed25519", secretKey)));
  },
  /**
   * Strict RFC 8032 verification (no ZIP-215 leniency): S < L, canonical R and A, A not of small
   * order, and OpenSSL's cofactorless equation [S]B = R + [k]A. Returns false for a bad signature and
   * for malformed peer input (wrong lengths, points not on the curve); never throws for those.
   */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
    assertBytes(message, "message");
    if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
    if (!isStrictPublicKey(publicKey)) return false;
    try {
      return nodeVerify(null, message, publicKeyObject("Ed25519", publicKey), signature);
    } catch {
      return false;
    }
  },
} as const;

export const x25519 = {
  /** A key pair from `secretKey` (copied), or from a fresh random scalar. */
  generateKeyPair(secretKey?: Uint8Array): KeyPair {
    const sk = secretKey === undefined ? randomKey() : new Uint8Array(secretKey);
    assertBytes(sk, "X25519 secret key", 32);
    return { secretKey: sk, publicKey: rawPublicKey(privateKeyObject("X25519", sk)) };
  },
  getPublicKey(secretKey: Uint8Array): Uint8Array {
    assertBytes(secretKey, "X25519 secret key", 32);
    return rawPublicKey(privateKeyObject("X25519", secretKey));
  },
  /**
   * The 32-byte shared secret. A peer key of the wrong size or of low order (which would give an
   * all-zero secret; OpenSSL refuses to derive it) is a `ProtocolError`.
   */
  sharedSecret(secretKey: Uint8Array, peerPublicKey: Uint8Array): Uint8Array {
    assertBytes(secretKey, "X25519 secret key", 32);
    if (!(peerPublicKey instanceof Uint8Array) || peerPublicKey.length !== 32) {
      throw new ProtocolError("X25519 public key must be 32 bytes");
    }
    const privateKey = privateKeyObject("X25519", secretKey);
    let shared: Uint8Array;
    try {
      const publicKey = publicKeyObject("X25519", peerPublicKey);
      shared = new Uint8Array(diffieHellman({ privateKey, publicKey }));
    } catch (cause) {
      throw new ProtocolError("X25519 public key is invalid (low order)", { cause });
    }
    if (shared.every((b) => b === 0))
      throw new ProtocolError("X25519 shared secret is all zero (low-order key)");
    return shared;
  },
} as const;
