/** node:crypto KeyObjects from raw 32-byte keys (via JWK), for cross-checks. */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url");

export function nodePrivateKey(
  crv: "Ed25519" | "X25519",
  secret: Uint8Array,
  publicKey: Uint8Array,
): KeyObject {
  return createPrivateKey({
    key: { kty: "OKP", crv, d: b64url(secret), x: b64url(publicKey) },
    format: "jwk",
  });
}

export function nodePublicKey(crv: "Ed25519" | "X25519", publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: "OKP", crv, x: b64url(publicKey) }, format: "jwk" });
}

/** The raw 32-byte public key of a node KeyObject. */
export function rawPublicKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: "jwk" });
  return new Uint8Array(Buffer.from(jwk.x ?? "", "base64url"));
}
