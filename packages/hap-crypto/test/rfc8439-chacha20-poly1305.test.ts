/** ChaCha20-Poly1305 (RFC 8439 §2.8.2 and Appendix A.5) through our API (which wraps node:crypto). */
import { hex, unhex } from "@atv/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AuthenticationError, chacha20Poly1305Open, chacha20Poly1305Seal } from "../src/index.js";

describe("RFC 8439 §2.8.2 AEAD test vector", () => {
  const key = unhex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
  const nonce = unhex("070000004041424344454647");
  const aad = unhex("50515253c0c1c2c3c4c5c6c7");
  const plaintext = new TextEncoder().encode(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  );
  const ciphertext =
    "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116";
  const tag = "1ae10b594f09e26a7e902ecbd0600691";

  it("seals to the published ciphertext and tag", () => {
    expect(hex(chacha20Poly1305Seal(key, nonce, plaintext, aad))).toBe(ciphertext + tag);
  });

  it("opens the published ciphertext", () => {
    expect(hex(chacha20Poly1305Open(key, nonce, unhex(ciphertext + tag), aad))).toBe(hex(plaintext));
  });

  it("any flipped bit, wrong AAD or wrong nonce fails with AuthenticationError", () => {
    const sealed = unhex(ciphertext + tag);
    for (const index of [0, 50, sealed.length - 1]) {
      const bad = new Uint8Array(sealed);
      bad[index] = (bad[index] ?? 0) ^ 1;
      expect(() => chacha20Poly1305Open(key, nonce, bad, aad)).toThrow(AuthenticationError);
    }
    expect(() => chacha20Poly1305Open(key, nonce, sealed)).toThrow(AuthenticationError);
    expect(() => chacha20Poly1305Open(key, new Uint8Array(12), sealed, aad)).toThrow(/authentication failed/);
    expect(() => chacha20Poly1305Open(key, nonce, new Uint8Array(15))).toThrow(AuthenticationError);
  });
});

describe("RFC 8439 Appendix A.5 decryption", () => {
  it("decrypts the published ciphertext", () => {
    const key = unhex("1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0");
    const nonce = unhex("000000000102030405060708");
    const aad = unhex("f33388860000000000004e91");
    const sealed = unhex(
      "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb24c6cfc18755d43eea09ee94e382d26b0bdb7b73c321b0100d4f03b7f355894cf332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c8559797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4b9166c767b804d46a59b5216cde7a4e99040c5a40433225ee282a1b0a06c523eaf4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f548271a0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a1049e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d6c6f2c29a6ad5cb4022b02709b" +
        "eead9d67890cbb22392336fea1851f38",
    );
    const text = new TextDecoder().decode(chacha20Poly1305Open(key, nonce, sealed, aad));
    expect(text).toBe(
      "Internet-Drafts are draft documents valid for a maximum of six months and may be updated, replaced, or " +
        "obsoleted by other documents at any time. It is inappropriate to use Internet-Drafts as reference material " +
        "or to cite them other than as /\u201cwork in progress./\u201d",
    );
  });
});

describe("ChaCha20-Poly1305 properties", () => {
  it("open(seal(x)) == x for any key, nonce, AAD and plaintext", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.option(fc.uint8Array({ maxLength: 20 }), { nil: undefined }),
        (key, nonce, plaintext, aad) => {
          const sealed = chacha20Poly1305Seal(key, nonce, plaintext, aad);
          expect(sealed.length).toBe(plaintext.length + 16);
          expect(hex(chacha20Poly1305Open(key, nonce, sealed, aad))).toBe(hex(plaintext));
        },
      ),
    );
  });

  it("rejects wrong key and nonce sizes with RangeError", () => {
    expect(() => chacha20Poly1305Seal(new Uint8Array(31), new Uint8Array(12), new Uint8Array())).toThrow(
      RangeError,
    );
    expect(() => chacha20Poly1305Seal(new Uint8Array(32), new Uint8Array(8), new Uint8Array())).toThrow(
      RangeError,
    );
  });
});
