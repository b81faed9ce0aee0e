/**
 * Ed25519 (RFC 8032) and X25519 (RFC 7748) on node:crypto (OpenSSL), behind a small Uint8Array API.
 * Secret keys are 32-byte seeds / scalars; public keys are 32 bytes; signatures 64 bytes.
 * Raw keys are wrapped in fixed DER prefixes (PKCS#8 / SPKI, RFC 8410): no JS curve code to load.
 */
import {
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  randomBytes,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from "node:crypto";
import { assertBytes } from "../bytes.js";
import { ProtocolError } from "../errors.js";

export interface KeyPair {
  /** 32 secret bytes (Ed25519: the seed / LTSK; X25519: the scalar). Zero it when done. */
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

// RFC 8410 DER headers for a 32-byte raw key: PKCS#8 private key and SPKI public key.
const ED25519_PKCS8 = Buffer.from("302e020100300506032b657004220420", "hex");
const ED25519_SPKI = Buffer.from("302a300506032b6570032100", "hex");
const X25519_PKCS8 = Buffer.from("302e020100300506032b656e04220420", "hex");
const X25519_SPKI = Buffer.from("302a300506032b656e032100", "hex");

function privateKey(prefix: Buffer, raw: Uint8Array): KeyObject {
  const der = Buffer.concat([prefix, raw]);
  try {
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } finally {
    der.fill(0);
  }
}

function publicKey(prefix: Buffer, raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([prefix, raw]), format: "der", type: "spki" });
}

function rawPublicKey(key: KeyObject): Uint8Array {
  // The SPKI export is the 12-byte header followed by the 32 key bytes.
  return new Uint8Array(createPublicKey(key).export({ format: "der", type: "spki" }).subarray(-32));
}

/** 32 fresh random bytes from node:crypto. */
export function randomKey(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

export const ed25519 = {
  /** A key pair from `seed` (copied), or from a fresh random seed. */
  generateKeyPair(seed?: Uint8Array): KeyPair {
    const secretKey = seed === undefined ? randomKey() : new Uint8Array(seed);
    assertBytes(secretKey, "Ed25519 seed", 32);
    return { secretKey, publicKey: rawPublicKey(privateKey(ED25519_PKCS8, secretKey)) };
  },
  getPublicKey(secretKey: Uint8Array): Uint8Array {
    assertBytes(secretKey, "Ed25519 seed", 32);
    return rawPublicKey(privateKey(ED25519_PKCS8, secretKey));
  },
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
    assertBytes(message, "message");
    assertBytes(secretKey, "Ed25519 seed", 32);
    return new Uint8Array(nodeSign(null, message, privateKey(ED25519_PKCS8, secretKey)));
  },
  /**
   * RFC 8032 verification as OpenSSL does it (canonical S, cofactorless equation). Returns false for a
   * bad signature and for malformed peer input (wrong lengths, points not on the curve); never throws.
   */
  verify(signature: Uint8Array, message: Uint8Array, publicKeyBytes: Uint8Array): boolean {
    assertBytes(message, "message");
    if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
    if (!(publicKeyBytes instanceof Uint8Array) || publicKeyBytes.length !== 32) return false;
    try {
      return nodeVerify(null, message, publicKey(ED25519_SPKI, publicKeyBytes), signature);
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
    return { secretKey: sk, publicKey: rawPublicKey(privateKey(X25519_PKCS8, sk)) };
  },
  getPublicKey(secretKey: Uint8Array): Uint8Array {
    assertBytes(secretKey, "X25519 secret key", 32);
    return rawPublicKey(privateKey(X25519_PKCS8, secretKey));
  },
  /**
   * The 32-byte shared secret. A peer key of the wrong size or of low order (which would give an
   * all-zero secret) is a `ProtocolError`.
   */
  sharedSecret(secretKey: Uint8Array, peerPublicKey: Uint8Array): Uint8Array {
    assertBytes(secretKey, "X25519 secret key", 32);
    if (!(peerPublicKey instanceof Uint8Array) || peerPublicKey.length !== 32) {
      throw new ProtocolError("X25519 public key must be 32 bytes");
    }
    let shared: Uint8Array;
    try {
      shared = new Uint8Array(
        diffieHellman({
          privateKey: privateKey(X25519_PKCS8, secretKey),
          publicKey: publicKey(X25519_SPKI, peerPublicKey),
        }),
      );
    } catch (cause) {
      throw new ProtocolError("X25519 public key is invalid (low order)", { cause });
    }
    if (shared.every((b) => b === 0))
      throw new ProtocolError("X25519 shared secret is all zero (low-order key)");
    return shared;
  },
} as const;
