/**
 * Fuzzing the DMAP decoder and the playstatus → Playing mapping: 120k generated cases.
 * The only acceptable outcomes are a result or a typed AtvError; encode∘decode is the
 * identity on whatever the encoder produced.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isAtvError } from "@atv/core";
import {
  bool,
  bytes,
  container,
  decodeDmap,
  encodeDmap,
  str,
  uint,
  type DmapNode,
} from "../../src/codec/index.js";
import { buildPlaying } from "../../src/playing.js";
import { responseBodies } from "../vectors.js";

const RUNS = Number(process.env["ATV_FUZZ_RUNS"] ?? 0) || undefined;

const leafTags = {
  uint: ["caps", "cmsr", "cast", "cant", "cmmk", "cash", "carp", "mstt", "mlid", "cmpg"],
  str: ["cann", "cana", "canl", "cang", "minm", "cmbe"],
  bool: ["cavc", "mslr", "msup"],
};

const nodeArb: fc.Arbitrary<DmapNode> = fc.letrec<{ node: DmapNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc
      .tuple(
        fc.constantFrom(...leafTags.uint),
        fc.constantFrom(1, 2, 4, 8),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      )
      .map(([tag, width, v]) => uint(tag, v % 2n ** BigInt(8 * width), width)),
    fc
      .tuple(fc.constantFrom(...leafTags.str), fc.string({ unit: "binary", maxLength: 30 }))
      .map(([t, s]) => str(t, s)),
    fc.tuple(fc.constantFrom(...leafTags.bool), fc.boolean()).map(([t, b]) => bool(t, b)),
    fc.tuple(fc.constantFrom("capl", "canp"), fc.uint8Array({ maxLength: 20 })).map(([t, b]) => bytes(t, b)),
    fc
      .tuple(fc.constantFrom("cmst", "mlog", "msrv", "mlcl", "mlit"), fc.array(tie("node"), { maxLength: 5 }))
      .map(([t, children]) => container(t, ...children)),
  ),
})).node;

function typedOrResult(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!isAtvError(error)) throw error;
  }
}

describe("DMAP fuzzing", () => {
  it("random bytes: a result or InvalidDmapDataError (50k)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => typedOrResult(() => decodeDmap(data))),
      { numRuns: RUNS ?? 50_000 },
    );
  });

  it("mutated captured bodies: a result or a typed error, also through buildPlaying (40k)", () => {
    const bodies = responseBodies();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: bodies.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (which, flips, cutAt) => {
          const body = new Uint8Array(bodies[which]!);
          for (const [pos, value] of flips) body[pos % body.length] = value;
          const data = body.subarray(0, body.length - (cutAt % 3 === 0 ? cutAt % body.length : 0));
          typedOrResult(() => buildPlaying(decodeDmap(data)));
        },
      ),
      { numRuns: RUNS ?? 40_000 },
    );
  });

  it("generated trees: decode(encode(x)) re-encodes to the same bytes (30k)", () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { maxLength: 4 }), (nodes) => {
        const encoded = encodeDmap(...nodes);
        const decoded = decodeDmap(encoded, { maxDepth: 64 });
        expect(Buffer.from(encodeDmap(...decoded)).equals(Buffer.from(encoded))).toBe(true);
        typedOrResult(() => buildPlaying(decoded));
      }),
      { numRuns: RUNS ?? 30_000 },
    );
  });
});
