import { describe, expect, it } from "vitest";
import { hex, unhex } from "@atv/test-utils";
import {
  MalformedOpackError,
  OpackDate,
  OpackFloat,
  OpackUuid,
  decodeOpack,
  encodeOpack,
  opackGet,
  opackNumber,
  type OpackValue,
} from "../../src/codec/index.js";

const a33 = "a".repeat(33);
const a256 = "a".repeat(256);

/** companion.md §3 vectors (from pyatv's tests) and §8 examples. */
const VECTORS: [string, OpackValue, string][] = [
  ["true", true, "01"],
  ["false", false, "02"],
  ["null", null, "04"],
  ["0", 0, "08"],
  ["15", 15, "17"],
  ["39", 39, "2f"],
  ["-1", -1, "07"],
  ["40", 40, "3028"],
  ["0x1FF", 0x1ff, "31ff01"],
  ["0x1FFFFFF", 0x1ffffff, "32ffffff01"],
  ["128 (signed rule)", 128, "318000"],
  ["40000", 40_000, "32409c0000"],
  ["-2", -2, "30fe"],
  ["2^31", 2 ** 31, "330000008000000000"],
  ["1.0", new OpackFloat(1), "36000000000000f03f"],
  ["-1.5", -1.5, "36000000000000f8bf"],
  ["float32", new OpackFloat(0.5, 32), "350000003f"],
  ['"a"', "a", "4161"],
  ['"abc"', "abc", "43616263"],
  ["33×a", a33, "6121" + "61".repeat(33)],
  ["256×a", a256, "620001" + "61".repeat(256)],
  ["bytes ac", Uint8Array.of(0xac), "71ac"],
  ["[1, test, false]", [1, "test", false], "d309447465737402"],
  [
    '{"a": 12, false: null}',
    new Map<OpackValue, OpackValue>([
      ["a", 12],
      [false, null],
    ]),
    "e24161140204",
  ],
  ['["a","a"]', ["a", "a"], "d24161a0"],
  ["foo bar foo bar", ["foo", "bar", "foo", "bar"], "d443666f6f43626172a0a1"],
  ["nested pointers", { a: "b", c: { d: "a" }, d: true }, "e3416141624163e14164a0a301"],
  ["15 × a", Array<OpackValue>(15).fill("a"), "df4161" + "a0".repeat(14) + "03"],
  [
    "UUID",
    OpackUuid.fromString("12345678-1234-5678-1234-567812345678"),
    "0512345678123456781234567812345678",
  ],
  [
    "_launchApp",
    { _i: "_launchApp", _t: 2, _c: { _bundleID: "com.netflix.Netflix" }, _x: 123 },
    "e4425f694a5f6c61756e6368417070425f740a425f63e1495f62756e646c65494453636f6d2e6e6574666c69782e4e6574666c6978425f78307b",
  ],
  [
    "_hidC (pyatv back-reference)",
    { _i: "_hidC", _t: 2, _c: { _hBtS: 1, _hidC: 6 }, _x: 1000 },
    "e4425f69455f68696443425f740a425f63e2455f6842745309a10e425f7831e803",
  ],
  ["pairing M1", { _pd: unhex("000100060101"), _pwTy: 1 }, "e2435f706476000100060101455f7077547909"],
];

describe("OPACK vectors", () => {
  it.each(VECTORS)("%s encodes and decodes", (_name, value, expected) => {
    expect(hex(encodeOpack(value))).toBe(expected);
    const decoded = decodeOpack(unhex(expected));
    expect(hex(encodeOpack(decoded))).toBe(expected);
  });

  it("decodes the -1 float and integers as numbers", () => {
    expect(decodeOpack(unhex("36000000000000f8bf"))).toEqual(new OpackFloat(-1.5));
    expect(decodeOpack(unhex("318000"))).toBe(128);
    expect(decodeOpack(unhex("30ff"))).toBe(-1);
    expect(decodeOpack(unhex("3300000000000000c0"))).toBe(-(2n ** 62n));
    expect(decodeOpack(unhex("33dc47c975b3150000"))).toBe(23860519454684);
    expect(decodeOpack(encodeOpack(-(2 ** 40)))).toBe(-(2 ** 40));
  });

  it("reads 65536 bytes with a 4-byte length", () => {
    const data = new Uint8Array(65536).fill(7);
    const encoded = encodeOpack(data);
    expect(hex(encoded.subarray(0, 5))).toBe("9300000100");
    expect(decodeOpack(encoded)).toEqual(data);
  });

  it("resolves back-references in Apple's decode order", () => {
    const value = decodeOpack(unhex("e3416102416244746573744163a2"));
    expect(opackGet(value, "c")).toBe("test");
    expect(opackGet(value, "a")).toBe(false);
  });

  it("decodes the Apple-only forms: 0x6f, chunked data, 8-byte lengths, dates", () => {
    expect(decodeOpack(unhex("6f686900"))).toBe("hi");
    expect(decodeOpack(unhex("9f7161720102" + "03"))).toEqual(Uint8Array.of(0x61, 0x01, 0x02));
    expect(decodeOpack(unhex("6402000000000000006869"))).toBe("hi");
    expect(decodeOpack(unhex("060000000000000000"))).toEqual(new OpackDate(0));
    expect(hex(encodeOpack(new OpackDate(1.5)))).toBe("06000000000000f83f");
  });

  it("keeps integer-like keys in order by decoding to a Map", () => {
    const value = decodeOpack(
      encodeOpack(
        new Map<OpackValue, OpackValue>([
          ["2", "b"],
          ["1", "a"],
        ]),
      ),
    );
    expect(value).toBeInstanceOf(Map);
    expect([...(value as Map<OpackValue, OpackValue>).keys()]).toEqual(["2", "1"]);
  });

  it("converts numbers", () => {
    expect(opackNumber(new OpackFloat(0.25))).toBe(0.25);
    expect(opackNumber(5n)).toBe(5);
    expect(opackNumber("x")).toBeUndefined();
  });

  it("encodes bigints beyond 64 bits with tag 0x34", () => {
    const big = 2n ** 100n;
    expect(decodeOpack(encodeOpack(big))).toBe(big);
  });
});

describe("OPACK rejects malformed input with MalformedOpackError", () => {
  const bad: [string, string][] = [
    ["empty", ""],
    ["unknown tag", "ff"],
    ["invalid tag 0", "00"],
    ["lone terminator", "03"],
    ["truncated int", "3201"],
    ["truncated string", "45616263"],
    ["string length beyond input", "61ff41"],
    ["8-byte length too large", "94ffffffffffffff7f"],
    ["pointer to nothing", "a0"],
    ["pointer past the table", "d24161a1"],
    ["truncated array", "d30102"],
    ["terminator as dict value", "e1416103"],
    ["endless array without end", "df0101"],
    ["invalid UTF-8", "42c328"],
    ["trailing bytes", "0101"],
    ["NUL string without NUL", "6f6869"],
    ["chunked data with a string", "9f416103"],
  ];
  it.each(bad)("%s", (_name, input) => {
    expect(() => decodeOpack(unhex(input))).toThrow(MalformedOpackError);
  });

  it("bounds nesting", () => {
    const deep = new Uint8Array(100).fill(0xd1);
    expect(() => decodeOpack(deep)).toThrow(/nesting deeper than 32/);
    expect(() => decodeOpack(unhex("d1d1d108"), { maxDepth: 2 })).toThrow(MalformedOpackError);
    expect(decodeOpack(unhex("d1d108"), { maxDepth: 2 })).toEqual([[0]]);
  });

  it("refuses values OPACK cannot carry", () => {
    const cyclic: OpackValue[] = [];
    cyclic.push(cyclic);
    expect(() => encodeOpack(cyclic)).toThrow(TypeError);
  });
});
