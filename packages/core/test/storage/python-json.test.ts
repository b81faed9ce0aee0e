import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonValue } from "../../src/settings/index.js";
import { pythonJsonDumps } from "../../src/storage/index.js";
import { python, runPython } from "./python.js";

describe("pythonJsonDumps", () => {
  // Expected strings are what CPython 3's json.dumps(value) prints.
  it.each<[JsonValue, string]>([
    [null, "null"],
    [true, "true"],
    [0, "0"],
    [-12, "-12"],
    [5000, "5000"],
    [0.1, "0.1"],
    [2.5, "2.5"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [123456.789, "123456.789"],
    [1.5e300, "1.5e+300"],
    [1e16, "1e+16"],
    [9999999999999998, "9999999999999998"],
    [-2.5e-7, "-2.5e-07"],
    ["", '""'],
    ["pyatv", '"pyatv"'],
    ['quote " and \\ slash /', '"quote \\" and \\\\ slash /"'],
    ["\n\r\t\b\f", '"\\n\\r\\t\\b\\f"'],
    ["\u0001\u001f", '"\\u0001\\u001f"'],
    ["\u007f", '"\\u007f"'],
    ["Café", '"Caf\\u00e9"'],
    ["📺", '"\\ud83d\\udcfa"'],
    ["\u2028", '"\\u2028"'],
    [[], "[]"],
    [{}, "{}"],
    [[1, "a", null], '[1, "a", null]'],
    [{ version: 1, devices: [] }, '{"version": 1, "devices": []}'],
    [{ a: { b: [true, false] } }, '{"a": {"b": [true, false]}}'],
  ])("%j → %s", (value, expected) => {
    expect(pythonJsonDumps(value)).toBe(expected);
  });

  it("refuses numbers JSON cannot hold", () => {
    expect(() => pythonJsonDumps(Number.NaN)).toThrow(RangeError);
    expect(() => pythonJsonDumps(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

const jsonValue: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1e15, max: 1e15 }),
    fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .filter((d) => !Number.isInteger(d) || Math.abs(d) >= 1e16),
    fc.string({ unit: "binary" }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: "binary", maxLength: 8 }), tie("value"), { maxKeys: 4 }),
  ),
})).value;

describe.skipIf(python === undefined)("pythonJsonDumps against CPython's json.dumps", () => {
  it("writes text that CPython reads and writes back byte for byte", () => {
    const samples = fc.sample(jsonValue, { numRuns: 300, seed: 42 });
    const ours = samples.map((sample) => pythonJsonDumps(sample));
    // Lossless: the text means the same value.
    ours.forEach((text, i) => expect(JSON.parse(text)).toEqual(samples[i]));
    // A fixed point of Python's own json.dumps(json.loads(text)): what pyatv reads from
    // our file it would write back identically (one process for all samples).
    const script = [
      "import json, sys",
      "for line in sys.stdin.read().split('\\n'):",
      "    sys.stdout.write(json.dumps(json.loads(line)) + '\\n')",
    ].join("\n");
    const expected = runPython(script, ours.join("\n")).split("\n");
    ours.forEach((text, i) => expect(text, JSON.stringify(samples[i])).toBe(expected[i]));
  });
});
