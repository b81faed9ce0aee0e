/** Ed25519: RFC 8032 §7.1 vectors, cross-checked against node:crypto. */
import { sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { hex, unhex } from "@atv/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ed25519 } from "../src/index.js";
import { nodePrivateKey, nodePublicKey } from "./helpers/node-keys.js";

const vectors = [
  {
    name: "TEST 1 (empty message)",
    secret: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    public: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    message: "",
    signature:
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
  },
  {
    name: "TEST 2 (one byte)",
    secret: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    public: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
    message: "72",
    signature:
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
  },
  {
    name: "TEST 3 (two bytes)",
    secret: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
    public: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
    message: "af82",
    signature:
      "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
  },
];

describe("RFC 8032 §7.1 Ed25519 vectors", () => {
  it.each(vectors)("$name", (v) => {
    expect(hex(ed25519.getPublicKey(unhex(v.secret)))).toBe(v.public);
    expect(hex(ed25519.sign(unhex(v.message), unhex(v.secret)))).toBe(v.signature);
    expect(ed25519.verify(unhex(v.signature), unhex(v.message), unhex(v.public))).toBe(true);
  });

  it("rejects altered messages, signatures and keys without throwing", () => {
    const v = vectors[2] as (typeof vectors)[number];
    const sig = unhex(v.signature);
    expect(ed25519.verify(sig, unhex("af83"), unhex(v.public))).toBe(false);
    const bad = new Uint8Array(sig);
    bad[10] = (bad[10] ?? 0) ^ 4;
    expect(ed25519.verify(bad, unhex(v.message), unhex(v.public))).toBe(false);
    expect(ed25519.verify(sig, unhex(v.message), unhex(vectors[0]?.public ?? ""))).toBe(false);
    expect(ed25519.verify(sig.subarray(1), unhex(v.message), unhex(v.public))).toBe(false);
    expect(ed25519.verify(sig, unhex(v.message), new Uint8Array(32).fill(0xff))).toBe(false);
    // S ≥ L (malleated signature): strict RFC 8032 verification rejects it.
    const malleated = new Uint8Array(sig);
    malleated.set(new Uint8Array(32).fill(0xff), 32);
    expect(ed25519.verify(malleated, unhex(v.message), unhex(v.public))).toBe(false);
  });
});

describe("Ed25519 cross-checked against node:crypto", () => {
  it("same public key, same (deterministic) signature, mutual verification", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 200 }),
        (seed, message) => {
          const { secretKey, publicKey } = ed25519.generateKeyPair(seed);
          const privateKey = nodePrivateKey("Ed25519", secretKey, publicKey);
          const nodeSignature = new Uint8Array(nodeSign(null, message, privateKey));
          const ours = ed25519.sign(message, secretKey);
          expect(hex(ours)).toBe(hex(nodeSignature));
          expect(ed25519.verify(nodeSignature, message, publicKey)).toBe(true);
          expect(nodeVerify(null, message, nodePublicKey("Ed25519", publicKey), ours)).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });
});
