/** ChaCha20-Poly1305 (RFC 8439) from node:crypto: 32-byte key, 12-byte nonce, 16-byte tag appended. */
import { createCipheriv, createDecipheriv } from "node:crypto";
import { asBuffer, assertBytes, utf8, writeUint64LE } from "../bytes.js";
import { AuthenticationError } from "../errors.js";

export const CHACHA_KEY_BYTES = 32;
export const CHACHA_NONCE_BYTES = 12;
export const CHACHA_TAG_BYTES = 16;

function checkArgs(key: Uint8Array, nonce: Uint8Array, data: Uint8Array, aad: Uint8Array | undefined): void {
  assertBytes(key, "ChaCha20-Poly1305 key", CHACHA_KEY_BYTES);
  assertBytes(nonce, "ChaCha20-Poly1305 nonce", CHACHA_NONCE_BYTES);
  assertBytes(data, "data");
  if (aad !== undefined) assertBytes(aad, "aad");
}

/** Encrypts and returns ciphertext ‖ 16-byte tag. */
export function chacha20Poly1305Seal(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad?: Uint8Array,
): Uint8Array {
  checkArgs(key, nonce, plaintext, aad);
  const cipher = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: CHACHA_TAG_BYTES });
  if (aad !== undefined && aad.length > 0) cipher.setAAD(aad, { plaintextLength: plaintext.length });
  const out = new Uint8Array(plaintext.length + CHACHA_TAG_BYTES);
  const body = cipher.update(plaintext);
  out.set(body, 0);
  const rest = cipher.final();
  out.set(rest, body.length);
  out.set(cipher.getAuthTag(), plaintext.length);
  return out;
}

/**
 * Verifies the tag and decrypts `ciphertext ‖ tag`. A wrong key, nonce, AAD or any tampering
 * throws `AuthenticationError` (reason `decrypt-failed`); input shorter than a tag as well.
 */
export function chacha20Poly1305Open(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad?: Uint8Array,
): Uint8Array {
  checkArgs(key, nonce, sealed, aad);
  if (sealed.length < CHACHA_TAG_BYTES) {
    throw new AuthenticationError(`sealed message of ${sealed.length} bytes is shorter than its tag`, {
      reason: "decrypt-failed",
    });
  }
  const bodyLength = sealed.length - CHACHA_TAG_BYTES;
  const decipher = createDecipheriv("chacha20-poly1305", key, nonce, { authTagLength: CHACHA_TAG_BYTES });
  decipher.setAuthTag(asBuffer(sealed.subarray(bodyLength)));
  if (aad !== undefined && aad.length > 0) decipher.setAAD(aad, { plaintextLength: bodyLength });
  const out = new Uint8Array(bodyLength);
  try {
    const body = decipher.update(sealed.subarray(0, bodyLength));
    out.set(body, 0);
    const rest = decipher.final();
    out.set(rest, body.length);
    return out;
  } catch (cause) {
    out.fill(0);
    throw new AuthenticationError("ChaCha20-Poly1305 authentication failed", {
      cause,
      reason: "decrypt-failed",
    });
  }
}

/** The 12-byte nonce of a pairing message: 4 zero bytes ‖ 8 ASCII bytes (e.g. `PS-Msg05`). */
export function pairingNonce(label: string): Uint8Array {
  const ascii = utf8(label);
  if (ascii.length !== 8) throw new RangeError(`pairing nonce label must be 8 ASCII bytes: ${label}`);
  const nonce = new Uint8Array(CHACHA_NONCE_BYTES);
  nonce.set(ascii, 4);
  return nonce;
}

/** MRP / HAP / AirPlay nonce: 4 zero bytes ‖ 64-bit little-endian counter. */
export function counterNonce(counter: number): Uint8Array {
  checkCounter(counter);
  const nonce = new Uint8Array(CHACHA_NONCE_BYTES);
  writeUint64LE(nonce, 4, counter);
  return nonce;
}

/** Companion nonce: the counter as a 96-bit little-endian integer (LE64 ‖ 4 zero bytes). */
export function companionNonce(counter: number): Uint8Array {
  checkCounter(counter);
  const nonce = new Uint8Array(CHACHA_NONCE_BYTES);
  writeUint64LE(nonce, 0, counter);
  return nonce;
}

function checkCounter(counter: number): void {
  if (!Number.isSafeInteger(counter) || counter < 0)
    throw new RangeError(`nonce counter out of range: ${counter}`);
}
