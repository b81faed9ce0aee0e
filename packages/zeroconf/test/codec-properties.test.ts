/** Round-trip properties of the codec (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildTxt, decodeMessage, encodeMessage, joinLabels, parseTxt, splitLabels } from "../src/index.js";
import { label, message } from "./arbitraries.js";

describe("codec round trips", () => {
  it("decode(encode(m)) == m, compressed", () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(decodeMessage(encodeMessage(m))).toEqual(m);
      }),
      { numRuns: 3000 },
    );
  });

  it("decode(encode(m)) == m, uncompressed, and compression never makes it longer", () => {
    fc.assert(
      fc.property(message, (m) => {
        const plain = encodeMessage(m, { compress: false });
        expect(decodeMessage(plain)).toEqual(m);
        expect(encodeMessage(m).length).toBeLessThanOrEqual(plain.length);
      }),
      { numRuns: 2000 },
    );
  });

  it("labels survive joinLabels/splitLabels (dots and backslashes escaped)", () => {
    fc.assert(
      fc.property(fc.array(label, { maxLength: 5 }), (labels) => {
        expect(splitLabels(joinLabels(labels))).toEqual(labels);
      }),
    );
  });

  it("TXT properties survive buildTxt/parseTxt", () => {
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _-]{0,15}$/);
    fc.assert(
      fc.property(fc.dictionary(key, fc.string({ maxLength: 60 })), (props) => {
        const unique = Object.fromEntries(
          Object.entries(props).filter(
            ([k], i, all) => all.findIndex(([k2]) => k2.toLowerCase() === k.toLowerCase()) === i,
          ),
        );
        const { properties, raw } = parseTxt(buildTxt(unique));
        expect(properties).toEqual(
          Object.fromEntries(
            Object.entries(unique).map(([k, v]) => [k.toLowerCase(), v.replace(/\u00a0/g, " ")]),
          ),
        );
        expect([...raw.keys()]).toEqual(Object.keys(unique));
      }),
    );
  });
});
