/** X25519 and Ed25519 cost per operation (the curve work of one pair-verify). */
import { bench, describe } from "vitest";
import { ed25519, x25519 } from "../src/index.js";

const message = new Uint8Array(96).fill(0x42);
const signer = ed25519.generateKeyPair();
const signature = ed25519.sign(message, signer.secretKey);
const alice = x25519.generateKeyPair();
const bob = x25519.generateKeyPair();

describe("X25519", () => {
  bench("generateKeyPair", () => {
    x25519.generateKeyPair();
  });
  bench("sharedSecret", () => {
    x25519.sharedSecret(alice.secretKey, bob.publicKey);
  });
});

describe("Ed25519", () => {
  bench("generateKeyPair (seed → public key)", () => {
    ed25519.generateKeyPair();
  });
  bench("sign (96 B)", () => {
    ed25519.sign(message, signer.secretKey);
  });
  bench("verify (96 B)", () => {
    if (!ed25519.verify(signature, message, signer.publicKey)) throw new Error("bad signature");
  });
});
