/**
 * Fuzzing the frame decoder, the ProtocolMessage parser and the client state fed
 * with what parses: 130k generated cases per run. The only acceptable outcomes
 * are a result or one of our typed errors.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { unhex } from "@atv/test-utils";
import {
  decodeProtocolMessage,
  encodeFrame,
  FrameDecoder,
  FrameTooLargeError,
  MalformedMessageError,
  type MessageType,
} from "../../src/codec/index.js";
import { mrpVector } from "../vectors.js";
import { PlayerStateManager } from "../../src/player-state.js";
import { VolumeState } from "../../src/volume-state.js";
import { buildPlaying } from "../../src/capabilities/playing.js";
import { FakePushes } from "../helpers/fake-session.js";

function isTyped(error: unknown): boolean {
  return error instanceof FrameTooLargeError || error instanceof MalformedMessageError;
}

/** Cuts `data` at the given fractions: an arbitrary TCP chunking. */
function cut(data: Uint8Array, fractions: number[]): Uint8Array[] {
  const points = [...new Set(fractions.map((f) => Math.floor(f * data.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    out.push(data.subarray(last, p));
    last = p;
  }
  out.push(data.subarray(last));
  return out;
}

const captured = [
  ...mrpVector("mrp-plaintext-session.json").exchanges.map((e) => unhex(e.hex)),
  ...mrpVector("mrp-pair-setup.json").exchanges.map((e) => unhex(e.hex)),
];
const payloads = captured.map((frame) => new FrameDecoder().push(frame)[0] as Uint8Array);

describe("fuzz: FrameDecoder", () => {
  it("random byte streams in random chunks yield frames or a typed error (40k cases)", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 400 }),
        (bytes, fractions, max) => {
          const decoder = new FrameDecoder({ maxFrameBytes: max });
          try {
            let total = 0;
            for (const chunk of cut(bytes, fractions)) {
              for (const frame of decoder.push(chunk)) {
                expect(frame.length).toBeLessThanOrEqual(max);
                total += frame.length;
              }
            }
            expect(total).toBeLessThanOrEqual(bytes.length);
            expect(decoder.bufferedBytes).toBeLessThanOrEqual(bytes.length);
          } catch (error) {
            if (!isTyped(error)) throw error;
          }
        },
      ),
      { numRuns: 40_000 },
    );
  });

  it("valid frames survive any chunking, byte for byte (20k cases)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 400 }), { maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 }),
        (frames, fractions) => {
          const wire = Buffer.concat(frames.map(encodeFrame));
          const decoder = new FrameDecoder();
          const got = cut(new Uint8Array(wire), fractions).flatMap((c) => decoder.push(c));
          expect(got.map((f) => Buffer.from(f).toString("hex"))).toEqual(
            frames.map((f) => Buffer.from(f).toString("hex")),
          );
          expect(decoder.bufferedBytes).toBe(0);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

describe("fuzz: decodeProtocolMessage", () => {
  it("random bytes parse or throw MalformedMessageError (20k cases)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeProtocolMessage(bytes);
        } catch (error) {
          if (!(error instanceof MalformedMessageError)) throw error;
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it("mutated captured messages parse or throw MalformedMessageError (30k cases)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: payloads.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.option(fc.nat(), { nil: undefined }),
        (index, flips, truncate) => {
          const bytes = Uint8Array.from(payloads[index] as Uint8Array);
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          const input = truncate === undefined ? bytes : bytes.subarray(0, truncate % (bytes.length + 1));
          try {
            decodeProtocolMessage(input);
          } catch (error) {
            if (!(error instanceof MalformedMessageError)) throw error;
          }
        },
      ),
      { numRuns: 30_000 },
    );
  });

  it("whatever parses never breaks the client's now-playing and volume state (20k cases)", () => {
    const pushes = new FakePushes();
    const players = new PlayerStateManager(pushes);
    const volume = new VolumeState(pushes, () => "E510C430-B01D-45DF-B558-6EA6F8251069");
    let parsed = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: payloads.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 130 }),
        (index, flips, type) => {
          const bytes = Uint8Array.from(payloads[index] as Uint8Array);
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          let message;
          try {
            message = decodeProtocolMessage(bytes);
          } catch {
            return;
          }
          parsed++;
          pushes.push(message);
          message.type = type as MessageType; // the same content under another type (maybe unknown)
          pushes.push(message);
          const playing = buildPlaying(players.playing);
          expect(playing.deviceState).toBeGreaterThanOrEqual(0);
          expect(volume.level).toBeGreaterThanOrEqual(0);
          expect(volume.level).toBeLessThanOrEqual(100);
        },
      ),
      { numRuns: 20_000 },
    );
    expect(parsed).toBeGreaterThan(1000);
  });

  it("deeply nested messages are refused, not a stack overflow", () => {
    // DeviceInfoMessage.groupedDevices (28) nested 20k deep inside field 20.
    // Built inside out: each level is a header (tag + length of everything inside).
    const headers: number[][] = [];
    let length = 0;
    for (let i = 0; i < 20_000; i++) {
      const header = [...encodeTag(i === 19_999 ? 20 : 28), ...encodeLen(length)];
      headers.push(header);
      length += header.length;
    }
    const message = Uint8Array.from(headers.reverse().flat());
    expect(() => decodeProtocolMessage(message)).toThrow(MalformedMessageError);
  });
});

function encodeTag(field: number): number[] {
  return encodeLen((field << 3) | 2);
}
function encodeLen(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}
