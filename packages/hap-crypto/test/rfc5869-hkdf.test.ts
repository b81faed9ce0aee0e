/** HKDF: RFC 5869 Appendix A (SHA-256, SHA-1) through our implementation, and SHA-512 against node:crypto. */
import { hkdfSync } from "node:crypto";
import { hex, unhex } from "@atv/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hkdfSha512 } from "../src/index.js";
import { hkdfWith } from "../src/primitives/hkdf.js";

const cases = [
  {
    name: "A.1 (SHA-256, basic)",
    hash: "sha256",
    ikm: "0b".repeat(22),
    salt: "000102030405060708090a0b0c",
    info: "f0f1f2f3f4f5f6f7f8f9",
    length: 42,
    okm: "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
  },
  {
    name: "A.3 (SHA-256, zero-length salt and info)",
    hash: "sha256",
    ikm: "0b".repeat(22),
    salt: "",
    info: "",
    length: 42,
    okm: "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
  },
  {
    name: "A.4 (SHA-1, basic)",
    hash: "sha1",
    ikm: "0b".repeat(11),
    salt: "000102030405060708090a0b0c",
    info: "f0f1f2f3f4f5f6f7f8f9",
    length: 42,
    okm: "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896",
  },
  {
    name: "A.7 (SHA-1, salt not provided)",
    hash: "sha1",
    ikm: "0c".repeat(22),
    salt: "",
    info: "",
    length: 42,
    okm: "2c91117204d745f3500d636a62f64f0ab3bae548aa53d423b0d1f27ebba6f5e5673a081d70cce7acfc48",
  },
] as const;

describe("RFC 5869 test vectors", () => {
  it.each(cases)("$name", (c) => {
    const okm = hkdfWith(c.hash, unhex(c.ikm), unhex(c.salt), unhex(c.info), c.length);
    expect(hex(okm)).toBe(c.okm);
    // and node:crypto agrees on the published value
    expect(hex(new Uint8Array(hkdfSync(c.hash, unhex(c.ikm), unhex(c.salt), unhex(c.info), c.length)))).toBe(
      c.okm,
    );
  });
});

describe("HKDF-SHA-512 cross-checked against node:crypto", () => {
  it("random inputs give node's output", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 80 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.integer({ min: 1, max: 200 }),
        (ikm, salt, info, length) => {
          const ours = hkdfSha512(ikm, salt, info, length);
          const node = new Uint8Array(hkdfSync("sha512", ikm, salt, info, length));
          expect(hex(ours)).toBe(hex(node));
        },
      ),
    );
  });

  it("string salt/info are their ASCII bytes; an empty salt is the default salt", () => {
    const ikm = new Uint8Array(32).fill(5);
    expect(hex(hkdfSha512(ikm, "Pair-Verify-Encrypt-Salt", "Pair-Verify-Encrypt-Info"))).toBe(
      hex(
        new Uint8Array(hkdfSync("sha512", ikm, "Pair-Verify-Encrypt-Salt", "Pair-Verify-Encrypt-Info", 32)),
      ),
    );
    expect(hex(hkdfSha512(ikm, "", "ClientEncrypt-main"))).toBe(
      hex(hkdfSha512(ikm, new Uint8Array(64), "ClientEncrypt-main")),
    );
  });

  it("rejects bad lengths and inputs", () => {
    expect(() => hkdfSha512(new Uint8Array(1), "", "", 0)).toThrow(RangeError);
    expect(() => hkdfSha512(new Uint8Array(1), "", "", 255 * 64 + 1)).toThrow(RangeError);
    expect(() => hkdfSha512("ikm" as unknown as Uint8Array, "", "")).toThrow(TypeError);
  });
});
