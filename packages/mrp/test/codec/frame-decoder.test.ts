import { describe, expect, it } from "vitest";
import { chunked, splits } from "@atv/test-utils";
import {
  encodeFrame,
  encodeVarint,
  FrameDecoder,
  FrameTooLargeError,
  MalformedMessageError,
} from "../../src/codec/index.js";
import { mrpVector, stream } from "../vectors.js";

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function feed(decoder: FrameDecoder, chunks: Uint8Array[]): Uint8Array[] {
  return chunks.flatMap((c) => decoder.push(c));
}

const payloads = [
  new Uint8Array(0),
  Uint8Array.of(8, 1),
  new Uint8Array(127).fill(7),
  new Uint8Array(128).fill(9),
  new Uint8Array(300).fill(3),
];
const wire = concat(payloads.map(encodeFrame));

describe("encodeVarint / encodeFrame", () => {
  it("encodes lengths as protobuf varints", () => {
    expect([...encodeVarint(0)]).toEqual([0]);
    expect([...encodeVarint(127)]).toEqual([0x7f]);
    expect([...encodeVarint(128)]).toEqual([0x80, 0x01]);
    expect([...encodeVarint(300)]).toEqual([0xac, 0x02]);
    expect([...encodeVarint(2 ** 28)]).toEqual([0x80, 0x80, 0x80, 0x80, 0x01]);
    expect(() => encodeVarint(-1)).toThrow(RangeError);
    expect(() => encodeVarint(1.5)).toThrow(RangeError);
  });

  it("prefixes a payload with its length", () => {
    expect([...encodeFrame(Uint8Array.of(1, 2, 3))]).toEqual([3, 1, 2, 3]);
    const big = encodeFrame(new Uint8Array(200));
    expect([...big.subarray(0, 2)]).toEqual([0xc8, 0x01]);
    expect(big.length).toBe(202);
  });
});

describe("FrameDecoder", () => {
  it("decodes several frames from one chunk", () => {
    const frames = new FrameDecoder().push(wire);
    expect(frames).toEqual(payloads);
  });

  it.each([1, 2, 3, 7, 64])("survives %i-byte chunks", (size) => {
    const decoder = new FrameDecoder();
    expect(feed(decoder, chunked(wire, size))).toEqual(payloads);
    expect(decoder.bufferedBytes).toBe(0);
    expect(() => decoder.end()).not.toThrow();
  });

  it("survives a cut at every position", () => {
    for (const [a, b] of splits(wire)) {
      const decoder = new FrameDecoder();
      expect(feed(decoder, [a, b])).toEqual(payloads);
    }
  });

  it("returns copies that do not alias the input", () => {
    const input = encodeFrame(Uint8Array.of(1, 2, 3));
    const [frame] = new FrameDecoder().push(input);
    input.fill(0);
    expect([...(frame as Uint8Array)]).toEqual([1, 2, 3]);
  });

  it("rejects a length above the limit before buffering the payload", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 100 });
    // Only the prefix arrives: the error must come now, not after 101 bytes were buffered.
    expect(() => decoder.push(encodeVarint(101))).toThrow(FrameTooLargeError);
    expect(() => decoder.push(Uint8Array.of(0))).toThrow(FrameTooLargeError);
  });

  it("rejects an oversized length even when its prefix is still incomplete", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 1000 });
    // 0xff 0xff … : after two bytes the value already exceeds 1000.
    expect(() => decoder.push(Uint8Array.of(0xff, 0xff))).toThrow(FrameTooLargeError);
  });

  it("accepts exactly the limit", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 100 });
    expect(decoder.push(encodeFrame(new Uint8Array(100)))).toHaveLength(1);
  });

  it("rejects a length prefix longer than five bytes", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 2 ** 35 - 1 });
    expect(() => decoder.push(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x01))).toThrow(
      MalformedMessageError,
    );
  });

  it("reports a stream cut inside a frame", () => {
    const decoder = new FrameDecoder();
    decoder.push(encodeFrame(new Uint8Array(10)).subarray(0, 5));
    expect(() => decoder.end()).toThrow(/ended inside a frame \(4 of 10 bytes\)/);
    const prefixOnly = new FrameDecoder();
    prefixOnly.push(Uint8Array.of(0x80));
    expect(() => prefixOnly.end()).toThrow(/length prefix/);
  });

  it("stays linear with one-byte chunks of a large frame", () => {
    const big = encodeFrame(new Uint8Array(200_000).fill(5));
    const decoder = new FrameDecoder();
    const frames = feed(decoder, chunked(big, 1));
    expect(frames).toHaveLength(1);
    expect(frames[0]?.length).toBe(200_000);
  });

  it("validates its options", () => {
    expect(() => new FrameDecoder({ maxFrameBytes: -1 })).toThrow(RangeError);
    expect(() => new FrameDecoder({ maxFrameBytes: 2 ** 40 })).toThrow(RangeError);
  });

  it("splits the captured pyatv device stream into the captured frames", () => {
    const vector = mrpVector("mrp-plaintext-session.json");
    const device = vector.exchanges.filter((e) => e.dir === "device->client");
    const bytes = stream(vector, "device->client");
    for (const size of [1, 5, 1000]) {
      const frames = feed(new FrameDecoder(), chunked(bytes, size));
      expect(frames.map((f) => f.length)).toEqual(device.map((e) => e.decoded.varint_length));
    }
  });
});
