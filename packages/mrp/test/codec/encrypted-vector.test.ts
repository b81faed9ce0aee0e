/**
 * The encrypted half of the captured pyatv session (mrp-pair-setup.json,
 * connection 2): our framing plus @atv/hap-crypto's MRP cipher must reproduce
 * every encrypted frame byte for byte and decrypt the device's frames.
 */
import { describe, expect, it } from "vitest";
import { MessageCipher } from "@atv/hap-crypto";
import { hex, unhex } from "@atv/test-utils";
import { chunked } from "@atv/test-utils";
import { decodeProtocolMessage, encodeFrame, FrameDecoder, messageTypeName } from "../../src/codec/index.js";
import { mrpVector, type VectorExchange } from "../vectors.js";

const vector = mrpVector("mrp-pair-setup.json");
const encrypted = vector.exchanges.filter(
  (e): e is VectorExchange & { encrypted: NonNullable<VectorExchange["encrypted"]> } => Boolean(e.encrypted),
);
const clientKey = unhex(encrypted.find((e) => e.dir === "client->device")!.encrypted.key);
const deviceKey = unhex(encrypted.find((e) => e.dir === "device->client")!.encrypted.key);

describe("captured encrypted MRP session", () => {
  it("encrypts the client's plaintexts to the captured frames", () => {
    const cipher = new MessageCipher({ writeKey: clientKey, readKey: deviceKey });
    for (const e of encrypted.filter((x) => x.dir === "client->device")) {
      const frame = encodeFrame(cipher.encrypt(unhex(e.encrypted.plaintext_hex)));
      expect(hex(frame)).toBe(e.hex);
    }
  });

  it("decrypts the device's stream, split into 3-byte chunks, to the captured messages", () => {
    const cipher = new MessageCipher({ writeKey: clientKey, readKey: deviceKey });
    const fromDevice = encrypted.filter((x) => x.dir === "device->client");
    const stream = Buffer.concat(fromDevice.map((e) => unhex(e.hex)));
    const decoder = new FrameDecoder();
    const frames = chunked(new Uint8Array(stream), 3).flatMap((c) => decoder.push(c));
    expect(frames).toHaveLength(fromDevice.length);
    frames.forEach((frame, i) => {
      const plain = cipher.decrypt(frame);
      expect(hex(plain)).toBe(fromDevice[i]!.encrypted.plaintext_hex);
      expect(messageTypeName(decodeProtocolMessage(plain).type)).toBe(fromDevice[i]!.decoded.type);
    });
  });

  it("a flipped ciphertext bit fails authentication", () => {
    const cipher = new MessageCipher({ writeKey: clientKey, readKey: deviceKey });
    const first = encrypted.find((x) => x.dir === "device->client")!;
    const frame = new FrameDecoder().push(unhex(first.hex))[0]!;
    frame[3]! ^= 1;
    expect(() => cipher.decrypt(frame)).toThrow();
  });
});
