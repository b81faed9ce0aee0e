/** Every frame of the pyatv capture decodes and re-encodes byte for byte (plaintext and encrypted). */
import { describe, expect, it } from "vitest";
import { hex, unhex } from "@atv/test-utils";
import { chacha20Poly1305Open, chacha20Poly1305Seal } from "@atv/hap-crypto";
import {
  FrameDecoder,
  carriesOpack,
  decodeOpack,
  encodeFrame,
  encodeOpack,
  parseMessage,
  FrameType,
} from "../../src/codec/index.js";
import { companionVector, stream } from "../vectors.js";

const vector = companionVector();

describe("pyatv capture", () => {
  it("splits each TCP stream into the captured frames", () => {
    for (const conn of [1, 2]) {
      for (const dir of ["client->device", "device->client"] as const) {
        const frames = new FrameDecoder().push(stream(vector, dir, conn));
        const expected = vector.exchanges.filter((e) => e.conn === conn && e.dir === dir);
        expect(frames.map((f) => hex(encodeFrame(f.type, f.payload)))).toEqual(expected.map((e) => e.hex));
      }
    }
  });

  it("decodes and re-encodes every plaintext pairing frame", () => {
    const pairing = vector.exchanges.filter((e) => !e.encrypted);
    expect(pairing).toHaveLength(10);
    for (const e of pairing) {
      const [frame] = new FrameDecoder().push(unhex(e.hex));
      expect(frame && carriesOpack(frame.type)).toBe(true);
      const value = decodeOpack(frame!.payload);
      expect(hex(encodeOpack(value))).toBe(hex(frame!.payload));
      expect(hex(encodeFrame(frame!.type, encodeOpack(value)))).toBe(e.hex);
    }
  });

  it("decrypts, decodes, re-encodes and re-encrypts every E_OPACK frame", () => {
    const encrypted = vector.exchanges.filter((e) => e.encrypted);
    expect(encrypted.length).toBeGreaterThan(30);
    for (const e of encrypted) {
      const enc = e.encrypted!;
      const [frame] = new FrameDecoder().push(unhex(e.hex));
      expect(frame!.type).toBe(FrameType.E_OPACK);
      expect(hex(frame!.header)).toBe(enc.aad);
      const plain = chacha20Poly1305Open(unhex(enc.key), unhex(enc.nonce), frame!.payload, frame!.header);
      expect(hex(plain)).toBe(enc.plaintext_hex);
      const value = decodeOpack(plain);
      const message = parseMessage(value);
      expect(e.meaning).toContain(`"_i": "${message.identifier}"`);
      const again = encodeOpack(value);
      expect(hex(again)).toBe(enc.plaintext_hex);
      const sealed = chacha20Poly1305Seal(unhex(enc.key), unhex(enc.nonce), again, frame!.header);
      expect(hex(encodeFrame(FrameType.E_OPACK, sealed))).toBe(e.hex);
    }
  });
});
