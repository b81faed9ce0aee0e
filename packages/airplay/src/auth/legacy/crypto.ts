/** The symmetric crypto of AirPlay 1 legacy pairing (airplay.md §5.3), on node:crypto. */
import { createCipheriv, createDecipheriv, createHash, type Cipher } from "node:crypto";

function sha512Prefix16(label: string, secret: Uint8Array): Buffer {
  return createHash("sha512").update(label, "latin1").update(secret).digest().subarray(0, 16);
}

/** Pair-setup step 3: key = SHA512("Pair-Setup-AES-Key" ‖ K)[0:16], iv = SHA512("Pair-Setup-AES-IV" ‖ K)[0:16] with the last byte + 1. */
export function setupAesKeyIv(sessionKey: Uint8Array): { key: Buffer; iv: Buffer } {
  const key = sha512Prefix16("Pair-Setup-AES-Key", sessionKey);
  const iv = Buffer.from(sha512Prefix16("Pair-Setup-AES-IV", sessionKey));
  // pyatv increments the last byte (Python would raise at 255; we wrap, the only sane reading).
  iv[15] = ((iv[15] as number) + 1) & 0xff;
  return { key: Buffer.from(key), iv };
}

/** AES-128-GCM with a 16-byte IV and no AAD: returns ciphertext and the 16-byte tag. */
export function gcmSeal(
  key: Buffer,
  iv: Buffer,
  plaintext: Uint8Array,
): { ciphertext: Uint8Array; tag: Uint8Array } {
  const cipher = createCipheriv("aes-128-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext: new Uint8Array(ciphertext), tag: new Uint8Array(cipher.getAuthTag()) };
}

/** Opens AES-128-GCM; `undefined` when the tag does not authenticate. */
export function gcmOpen(
  key: Buffer,
  iv: Buffer,
  ciphertext: Uint8Array,
  tag: Uint8Array,
): Uint8Array | undefined {
  const decipher = createDecipheriv("aes-128-gcm", key, iv);
  decipher.setAuthTag(tag);
  const plaintext = decipher.update(ciphertext);
  try {
    decipher.final();
  } catch {
    return undefined;
  }
  return new Uint8Array(plaintext);
}

/** Pair-verify: one AES-128-CTR stream keyed from the X25519 shared secret. */
export function verifyCtrStream(shared: Uint8Array): Cipher {
  const key = sha512Prefix16("Pair-Verify-AES-Key", shared);
  const iv = sha512Prefix16("Pair-Verify-AES-IV", shared);
  return createCipheriv("aes-128-ctr", key, iv);
}

/** Runs `data` through a CTR stream (encryption and decryption are the same operation). */
export function ctrApply(stream: Cipher, data: Uint8Array): Uint8Array {
  return new Uint8Array(stream.update(data));
}

export function toHexUpper(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex").toUpperCase();
}
