/** X25519: RFC 7748 §5.2 and §6.1 vectors, cross-checked against node:crypto. */
import { diffieHellman, generateKeyPairSync } from "node:crypto";
import { hex, unhex } from "@atv/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProtocolError, x25519 } from "../src/index.js";
import { nodePrivateKey, nodePublicKey, rawPublicKey } from "./helpers/node-keys.js";

describe("RFC 7748", () => {
  it.each([
    [
      "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
      "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
      "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
    ],
    [
      "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
      "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
      "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
    ],
  ])("§5.2 scalar %s", (scalar, u, out) => {
    expect(hex(x25519.sharedSecret(unhex(scalar), unhex(u)))).toBe(out);
  });

  it("§6.1 Diffie-Hellman between Alice and Bob", () => {
    const alice = x25519.generateKeyPair(
      unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"),
    );
    const bob = x25519.generateKeyPair(
      unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"),
    );
    expect(hex(alice.publicKey)).toBe("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    expect(hex(bob.publicKey)).toBe("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    const shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    expect(hex(x25519.sharedSecret(alice.secretKey, bob.publicKey))).toBe(shared);
    expect(hex(x25519.sharedSecret(bob.secretKey, alice.publicKey))).toBe(shared);
  });

  it("rejects low-order points and wrong sizes", () => {
    const sk = x25519.generateKeyPair().secretKey;
    expect(() => x25519.sharedSecret(sk, new Uint8Array(32))).toThrow(ProtocolError);
    const one = new Uint8Array(32);
    one[0] = 1;
    expect(() => x25519.sharedSecret(sk, one)).toThrow(ProtocolError);
    expect(() => x25519.sharedSecret(sk, new Uint8Array(31))).toThrow(ProtocolError);
    expect(() => x25519.generateKeyPair(new Uint8Array(31))).toThrow(RangeError);
  });
});

describe("X25519 cross-checked against node:crypto", () => {
  it("public keys and shared secrets agree", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (secret) => {
        const ours = x25519.generateKeyPair(secret);
        const peer = generateKeyPairSync("x25519");
        const peerPublic = rawPublicKey(peer.publicKey);
        const node = diffieHellman({
          privateKey: nodePrivateKey("X25519", ours.secretKey, ours.publicKey),
          publicKey: peer.publicKey,
        });
        expect(hex(x25519.sharedSecret(secret, peerPublic))).toBe(hex(node));
        const back = diffieHellman({
          privateKey: peer.privateKey,
          publicKey: nodePublicKey("X25519", ours.publicKey),
        });
        expect(hex(back)).toBe(hex(node));
      }),
      { numRuns: 30 },
    );
  });
});
