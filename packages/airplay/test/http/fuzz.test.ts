import fc from "fast-check";
import { isAtvError } from "@atv/core";
import { expect, test } from "vitest";
import {
  decodePlist,
  encodeBinaryPlist,
  encodeMessage,
  MessageDecoder,
  request,
  response,
  HttpProtocol,
  type HttpMessage,
} from "../../src/rtsp.js";

const RUNS = Number(process.env["ATV_FUZZ_RUNS"] ?? 100_000);

function decodeOrTypedError(chunks: Uint8Array[]): void {
  const decoder = new MessageDecoder({ maxHeaderBytes: 512, maxBodyBytes: 512 });
  try {
    for (const c of chunks) decoder.push(c);
    decoder.end();
  } catch (error) {
    if (!isAtvError(error)) throw error;
  }
  expect(decoder.bufferedBytes).toBeLessThanOrEqual(512);
}

test(`decoder: random bytes only ever yield messages or typed errors (${RUNS} cases)`, () => {
  const text = fc.constantFrom(
    ..."GET POST /x HTTP/1.1 RTSP/1.0 200 OK\r\n: Content-Length 5 CSeq\t\x00é".split(""),
  );
  const noisy = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.array(text, { maxLength: 200 }).map((cs) => new Uint8Array(Buffer.from(cs.join(""), "latin1"))),
  );
  fc.assert(
    fc.property(noisy, fc.integer({ min: 1, max: 64 }), (bytes, size) => {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      decodeOrTypedError(chunks);
    }),
    { numRuns: RUNS },
  );
});

test("encode → decode round trip of generated messages, chunked", () => {
  const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/);
  const value = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/);
  const headers = fc
    .array(fc.tuple(token, value), { maxLength: 8 })
    .map((hs) => hs.filter(([k]) => !["content-length", "transfer-encoding"].includes(k.toLowerCase())));
  const body = fc.uint8Array({ maxLength: 200 });
  const proto = fc.constantFrom(HttpProtocol.Http, HttpProtocol.Rtsp);
  const message: fc.Arbitrary<HttpMessage> = fc.oneof(
    fc
      .record({
        method: token,
        uri: fc.stringMatching(/^\/[\x21-\x7e]{0,30}$/),
        headers,
        body,
        protocol: proto,
      })
      .map((r) => request(r)),
    fc
      .record({
        status: fc.integer({ min: 100, max: 599 }),
        reason: fc.stringMatching(/^[A-Za-z ]{0,20}$/),
        headers,
        body,
        protocol: proto,
      })
      .map((r) => response(r)),
  );
  fc.assert(
    fc.property(
      fc.array(message, { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: 50 }),
      (messages, size) => {
        const bytes = Buffer.concat(messages.map((m) => encodeMessage(m)));
        const decoder = new MessageDecoder();
        const out: HttpMessage[] = [];
        for (let i = 0; i < bytes.length; i += size) out.push(...decoder.push(bytes.subarray(i, i + size)));
        decoder.end();
        expect(out.map((m) => Buffer.from(encodeMessage(m)).toString("hex"))).toEqual(
          messages.map((m) => Buffer.from(encodeMessage(m)).toString("hex")),
        );
      },
    ),
    { numRuns: 2_000 },
  );
});

test(`plist decoder: random and mutated plists only ever yield values or typed errors (${RUNS / 4} cases)`, () => {
  const seed = encodeBinaryPlist({ a: [1, "x", { b: true }], c: new Uint8Array([1, 2]), d: 1.5 });
  const mutated = fc
    .array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), {
      minLength: 1,
      maxLength: 6,
    })
    .map((edits) => {
      const copy = new Uint8Array(seed);
      for (const [at, v] of edits) copy[at] = v;
      return copy;
    });
  const bytes = fc.oneof(
    mutated,
    fc.uint8Array({ maxLength: 200 }).map((b) => new Uint8Array([...Buffer.from("bplist00"), ...b])),
  );
  fc.assert(
    fc.property(bytes, (b) => {
      try {
        decodePlist(b);
      } catch (error) {
        if (!isAtvError(error)) throw error;
      }
    }),
    { numRuns: RUNS / 4 },
  );
});
