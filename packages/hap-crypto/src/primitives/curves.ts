/**
 * Ed25519 (RFC 8032) and X25519 (RFC 7748) on @noble/curves, behind a small Uint8Array API.
 * Secret keys are 32-byte seeds / scalars; public keys are 32 bytes; signatures 64 bytes.
 */
import { randomBytes } from "node:crypto";
import { ed25519 as nobleEd25519, x25519 as nobleX25519 } from "@noble/curves/ed25519.js";
import { assertBytes } from "../bytes.js";
import { ProtocolError } from "../errors.js";

export interface KeyPair {
  /** 32 secret bytes (Ed25519: the seed / LTSK; X25519: the scalar). Zero it when done. */
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
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
    return { secretKey, publicKey: nobleEd25519.getPublicKey(secretKey) };
  },
  getPublicKey(secretKey: Uint8Array): Uint8Array {
    assertBytes(secretKey, "Ed25519 seed", 32);
    return nobleEd25519.getPublicKey(secretKey);
  },
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
    assertBytes(message, "message");
    assertBytes(secretKey, "Ed25519 seed", 32);
    return nobleEd25519.sign(message, secretKey);
  },
  /**
   * Strict RFC 8032 verification (no ZIP-215 leniency). Returns false for a bad signature and for
   * malformed peer input (wrong lengths, points not on the curve); never throws for those.
   */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
    assertBytes(message, "message");
    if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
    try {
      return nobleEd25519.verify(signature, message, publicKey, { zip215: false });
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
    return { secretKey: sk, publicKey: nobleX25519.getPublicKey(sk) };
  },
  getPublicKey(secretKey: Uint8Array): Uint8Array {
    assertBytes(secretKey, "X25519 secret key", 32);
    return nobleX25519.getPublicKey(secretKey);
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
      shared = nobleX25519.getSharedSecret(secretKey, peerPublicKey);
    } catch (cause) {
      throw new ProtocolError("X25519 public key is invalid (low order)", { cause });
    }
    if (shared.every((b) => b === 0))
      throw new ProtocolError("X25519 shared secret is all zero (low-order key)");
    return shared;
  },
} as const;
