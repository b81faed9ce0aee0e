import { ProtocolError } from "@atv/core";
import { describe, expect, test } from "vitest";
import {
  decodePlist,
  encodeBinaryPlist,
  MalformedPlistError,
  PlistReal,
  type PlistValue,
} from "../../src/rtsp.js";

/** A hand-built bplist00 with the given objects (each already encoded), refs of 1 byte. */
function bplist(objects: number[][], top = 0): Uint8Array {
  const header = [...Buffer.from("bplist00")];
  const body: number[] = [];
  const offsets: number[] = [];
  for (const o of objects) {
    offsets.push(header.length + body.length);
    body.push(...o);
  }
  const tableOffset = header.length + body.length;
  const trailer = new Uint8Array(32);
  const view = new DataView(trailer.buffer);
  trailer[6] = 1;
  trailer[7] = 1;
  view.setBigUint64(8, BigInt(objects.length));
  view.setBigUint64(16, BigInt(top));
  view.setBigUint64(24, BigInt(tableOffset));
  return new Uint8Array([...header, ...body, ...offsets, ...trailer]);
}

describe("binary plists", () => {
  test("round trip of every supported type", () => {
    const value = {
      s: "text",
      u: "ünïcödé ✓",
      i: 42,
      big: 2n ** 40n,
      r: new PlistReal(1),
      f: 0.25,
      t: true,
      n: false,
      d: new Uint8Array([1, 2, 3]),
      a: [1, "two", [3]],
      o: { nested: { deep: "yes" } },
    };
    expect(decodePlist(encodeBinaryPlist(value))).toEqual({ ...value, big: 2 ** 40, r: 1 });
  });

  test("a reference cycle is an error, not a stack overflow", () => {
    // object 0 = array [ref 0]
    expect(() => decodePlist(bplist([[0xa1, 0]]))).toThrow(/cycle/);
  });

  test("shared references decode once (no exponential blow-up)", () => {
    // 40 arrays, each holding the previous one twice: 2^40 nodes if expanded naively.
    const objects: number[][] = [[0x10, 1]];
    for (let i = 1; i <= 40; i++) objects.push([0xa2, i - 1, i - 1]);
    const value = decodePlist(bplist(objects, 40), { maxDepth: 64 }) as PlistValue[];
    expect(Array.isArray(value)).toBe(true);
  });

  test("nesting beyond the limit is rejected", () => {
    const objects: number[][] = [[0x10, 1]];
    for (let i = 1; i <= 10; i++) objects.push([0xa1, i - 1]);
    expect(() => decodePlist(bplist(objects, 10), { maxDepth: 5 })).toThrow(MalformedPlistError);
  });

  test.each([
    ["bad trailer", new Uint8Array([...Buffer.from("bplist00"), 0, 0])],
    [
      "bad offsets",
      (() => {
        const b = bplist([[0x10, 1]]);
        b[b.length - 1] = 0xff;
        return b;
      })(),
    ],
    ["unknown marker", bplist([[0x70]])],
    [
      "dict with non-string key",
      bplist([
        [0xd1, 1, 1],
        [0x10, 1],
      ]),
    ],
    ["string past the table", bplist([[0x5f, 0x10, 0x7f, 0x61]])],
    ["neither binary nor xml", new Uint8Array([1, 2, 3])],
  ])("rejects %s", (_, bytes) => {
    expect(() => decodePlist(bytes)).toThrow(ProtocolError);
  });
});

describe("XML plists", () => {
  test("decodes the usual types", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict><key>a</key><string>x &amp; y</string><key>b</key><integer>-3</integer>
<key>c</key><real>1.5</real><key>d</key><true/><key>e</key><array><false/><data>AQID</data></array><key>f</key><dict/></dict></plist>`;
    expect(decodePlist(new TextEncoder().encode(xml))).toEqual({
      a: "x & y",
      b: -3,
      c: 1.5,
      d: true,
      e: [false, new Uint8Array([1, 2, 3])],
      f: {},
    });
  });

  test.each([
    ["unclosed", "<plist><dict><key>a</key>"],
    ["unknown element", "<plist><foo/></plist>"],
    ["bad integer", "<plist><integer>x</integer></plist>"],
    ["deep nesting", "<plist>" + "<array>".repeat(100) + "</array>".repeat(100) + "</plist>"],
    ["unknown entity", "<plist><string>&bogus;</string></plist>"],
  ])("rejects %s", (_, xml) => {
    expect(() => decodePlist(new TextEncoder().encode(xml))).toThrow(MalformedPlistError);
  });
});
