import { hex, unhex } from "@atv/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeTlv8,
  decodeTlv8Map,
  decodeTlvUint,
  encodeTlv8,
  encodeTlvUint,
  ProtocolError,
  TlvType,
} from "../src/index.js";

const bytes = (n: number, f: (i: number) => number = (i) => i & 0xff): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => f(i));

describe("TLV8 encoding", () => {
  it("writes type, length, value for short items", () => {
    expect(
      hex(
        encodeTlv8([
          [TlvType.Method, 0],
          [TlvType.State, 1],
        ]),
      ),
    ).toBe("000100060101");
    expect(hex(encodeTlv8([[TlvType.Salt, unhex("0102")]]))).toBe("02020102");
  });

  it("splits a 384-byte SRP public key into 255 + 129 (hap-pairing.md §2)", () => {
    const key = bytes(384);
    const out = encodeTlv8([[TlvType.PublicKey, key]]);
    expect(out.length).toBe(384 + 4);
    expect(hex(out.subarray(0, 2))).toBe("03ff");
    expect(hex(out.subarray(2, 257))).toBe(hex(key.subarray(0, 255)));
    expect(hex(out.subarray(257, 259))).toBe("0381");
    expect(hex(out.subarray(259))).toBe(hex(key.subarray(255)));
  });

  it("fragments exactly at multiples of 255", () => {
    expect(encodeTlv8([[1, bytes(255)]]).length).toBe(257);
    expect(encodeTlv8([[1, bytes(510)]]).length).toBe(514);
    const out = encodeTlv8([[1, bytes(511)]]);
    expect(out.length).toBe(511 + 6);
    expect(hex(out.subarray(514, 516))).toBe("0101");
  });

  it("keeps zero-length values (pyatv silently drops them)", () => {
    expect(hex(encodeTlv8([[TlvType.Separator, new Uint8Array()]]))).toBe("ff00");
  });

  it("writes integers little-endian and minimal", () => {
    expect(hex(encodeTlvUint(0))).toBe("00");
    expect(hex(encodeTlvUint(255))).toBe("ff");
    expect(hex(encodeTlvUint(256))).toBe("0001");
    expect(hex(encodeTlvUint(0x123456))).toBe("563412");
    expect(hex(encodeTlv8([[TlvType.BackOff, 300]]))).toBe("08022c01");
  });

  it("rejects misuse with RangeError / TypeError", () => {
    expect(() => encodeTlv8([[256, 1]])).toThrow(RangeError);
    expect(() => encodeTlv8([[-1, 1]])).toThrow(RangeError);
    expect(() => encodeTlvUint(-1)).toThrow(RangeError);
    expect(() => encodeTlvUint(1.5)).toThrow(RangeError);
    expect(() => encodeTlv8([[1, "x" as unknown as Uint8Array]])).toThrow(TypeError);
    expect(() =>
      encodeTlv8([
        [1, 1],
        [1, 2],
      ]),
    ).toThrow(/Separator/);
  });
});

describe("TLV8 decoding", () => {
  it("joins consecutive fragments of one type", () => {
    const key = bytes(384, (i) => (i * 7) & 0xff);
    const items = decodeTlv8(
      encodeTlv8([
        [TlvType.State, 2],
        [TlvType.PublicKey, key],
        [TlvType.Salt, bytes(16)],
      ]),
    );
    expect(items.map((i) => i.type)).toEqual([TlvType.State, TlvType.PublicKey, TlvType.Salt]);
    expect(hex(items[1]?.value ?? new Uint8Array())).toBe(hex(key));
  });

  it("decodes a real M2 (pyatv capture: State, Salt, B over two fragments, 0x1B)", () => {
    const m2 = encodeTlv8([
      [6, 2],
      [2, bytes(16)],
      [3, bytes(384)],
      [0x1b, 1],
    ]);
    const map = decodeTlv8Map(m2);
    expect(map.get(3)?.length).toBe(384);
    expect(decodeTlvUint(map.get(0x1b) ?? new Uint8Array())).toBe(1);
  });

  it("joins a fragment chain ending in a zero-length item", () => {
    const input = new Uint8Array([1, 255, ...bytes(255), 1, 0]);
    expect(decodeTlv8(input)[0]?.value.length).toBe(255);
  });

  it("reads little-endian integers of 1..6 bytes", () => {
    expect(decodeTlvUint(unhex("2c01"))).toBe(300);
    expect(decodeTlvUint(unhex("ffffffffffff"))).toBe(2 ** 48 - 1);
    expect(() => decodeTlvUint(new Uint8Array())).toThrow(ProtocolError);
    expect(() => decodeTlvUint(new Uint8Array(7))).toThrow(ProtocolError);
  });

  it.each([
    ["a lone type byte", "06"],
    ["a value shorter than its length", "0605010203"],
    ["a missing second fragment", "03ff" + "00".repeat(254)],
    ["a truncated item after a good one", "06010203"],
  ])("rejects truncated input: %s", (_name, input) => {
    expect(() => decodeTlv8(unhex(input))).toThrow(ProtocolError);
    expect(() => decodeTlv8(unhex(input))).toThrow(/truncated/);
  });

  it("rejects inconsistent fragmentation: same type after a short item", () => {
    expect(() => decodeTlv8(unhex("0101aa0101bb"))).toThrow(/inconsistent/);
  });

  it("separates same-type items with a Separator", () => {
    const items = decodeTlv8(unhex("0101aaff000101bb"));
    expect(items.map((i) => [i.type, hex(i.value)])).toEqual([
      [1, "aa"],
      [255, ""],
      [1, "bb"],
    ]);
    expect(() => decodeTlv8Map(unhex("0101aaff000101bb"))).toThrow(/more than once/);
  });

  it("checks the size limit before decoding", () => {
    expect(() => decodeTlv8(new Uint8Array(70_000))).toThrow(/exceeds/);
    expect(() => decodeTlv8(unhex("060101"), { maxBytes: 2 })).toThrow(ProtocolError);
    expect(decodeTlv8(new Uint8Array())).toEqual([]);
  });

  it("returns copies, not views of the input", () => {
    const input = unhex("0102aabb");
    const [item] = decodeTlv8(input);
    input.fill(0);
    expect(hex(item?.value ?? new Uint8Array())).toBe("aabb");
  });
});

describe("TLV8 properties", () => {
  const item = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 800 }));
  const items = fc
    .array(item, { maxLength: 8 })
    .map((list) => list.filter((entry, i) => i === 0 || entry[0] !== list[i - 1]?.[0]));

  it("decode(encode(items)) == items", () => {
    fc.assert(
      fc.property(items, (list) => {
        const decoded = decodeTlv8(encodeTlv8(list));
        expect(decoded.map((d) => [d.type, hex(d.value)])).toEqual(list.map(([t, v]) => [t, hex(v)]));
      }),
    );
  });

  it("integers round-trip", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (n) => decodeTlvUint(encodeTlvUint(n)) === n),
    );
  });

  it("arbitrary bytes either decode or throw ProtocolError, never anything else", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (input) => {
        try {
          decodeTlv8(input);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
    );
  });

  it("every strict prefix of a non-empty encoding fails or decodes to less", () => {
    fc.assert(
      fc.property(
        items.filter((l) => l.length > 0),
        (list) => {
          const encoded = encodeTlv8(list);
          for (let cut = 1; cut < encoded.length; cut++) {
            try {
              const decoded = decodeTlv8(encoded.subarray(0, cut));
              const total = decoded.reduce((n, d) => n + d.value.length, 0);
              expect(total).toBeLessThan(list.reduce((n, [, v]) => n + v.length, 0) + 1);
            } catch (error) {
              expect(error).toBeInstanceOf(ProtocolError);
            }
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
