/** atvscript prints `json.dumps(obj)`: the expected strings are what CPython 3 writes for the same dict. */
import { describe, expect, it } from "vitest";
import { PyFloat, pythonJsonLine } from "../../src/cli/json-output.js";

describe("pythonJsonLine", () => {
  it("separators, ensure_ascii, insertion order, null/bool", () => {
    expect(pythonJsonLine({ b: "Café ☕ 🎵", a: [1, true, null], c: { d: 'q"\n' } })).toBe(
      '{"b": "Caf\\u00e9 \\u2615 \\ud83c\\udfb5", "a": [1, true, null], "c": {"d": "q\\"\\n"}}',
    );
  });

  it("floats that are whole keep .0 (volume levels); others use repr", () => {
    expect(pythonJsonLine({ volume: new PyFloat(20), old_level: new PyFloat(12.5), n: 20 })).toBe(
      '{"volume": 20.0, "old_level": 12.5, "n": 20}',
    );
  });
});
