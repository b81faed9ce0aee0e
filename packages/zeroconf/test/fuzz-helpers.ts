/** Shared by codec-fuzz.test.ts (CI) and codec-fuzz.slow.test.ts (ATV_SLOW=1). */
import fc from "fast-check";
import { unhex } from "@atv/test-utils";
import { DnsDecodeError, decodeMessage, encodeMessage } from "../src/index.js";
import { message } from "./arbitraries.js";
import { scanVector } from "./scan-vector.js";

const vectors = scanVector.exchanges.map((e) => unhex(e.hex));

type Mutation =
  | { kind: "set"; at: number; value: number }
  | { kind: "truncate"; at: number }
  | { kind: "pointer"; at: number; target: number }
  | { kind: "insert"; at: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("pointer" as const),
    at: fc.nat(),
    target: fc.integer({ min: 0, max: 0x3fff }),
  }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
);

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = Uint8Array.from(bytes);
  for (const m of mutations) {
    if (out.length === 0) break;
    const at = m.at % out.length;
    switch (m.kind) {
      case "set":
        out[at] = m.value;
        break;
      case "truncate":
        out = out.slice(0, at);
        break;
      case "pointer":
        out[at] = 0xc0 | (m.target >> 8);
        if (at + 1 < out.length) out[at + 1] = m.target & 0xff;
        break;
      case "insert":
        out = Uint8Array.from([...out.subarray(0, at), m.value, ...out.subarray(at)]);
        break;
    }
  }
  return out;
}

const seeds: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.constantFrom(...vectors),
  message.map((m) => encodeMessage(m)),
  message.map((m) => encodeMessage(m, { compress: false })),
);

export const mutatedPacket = fc
  .tuple(seeds, fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([b, ms]) => mutate(b, ms));
export const randomPacket = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.uint8Array({ minLength: 12, maxLength: 600 }),
  // Random bodies behind a header announcing a few items, so the body gets parsed.
  fc
    .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 6 }), fc.uint8Array({ maxLength: 400 }))
    .map(([qd, an, body]) => Uint8Array.from([0, 0, 0x84, 0, 0, qd, 0, an, 0, 0, 0, 0, ...body])),
);

/** The property: decoding returns a message or throws DnsDecodeError; nothing else, and nothing bigger than the input. */
export function decodesOrTypedError(bytes: Uint8Array): boolean {
  try {
    const msg = decodeMessage(bytes);
    const items = msg.questions.length + msg.answers.length + msg.authorities.length + msg.additionals.length;
    if (items * 5 > bytes.length) throw new Error(`decoded ${items} items from ${bytes.length} bytes`);
    // Whatever decodes must re-encode and decode to itself.
    const again = decodeMessage(encodeMessage(msg));
    return JSON.stringify(again, replacer) === JSON.stringify(msg, replacer);
  } catch (e) {
    if (e instanceof DnsDecodeError) return true;
    throw e;
  }
}

function replacer(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? Array.from(value) : value;
}
