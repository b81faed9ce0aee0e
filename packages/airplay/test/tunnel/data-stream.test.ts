import { describe, expect, it } from "vitest";
import { isAtvError } from "@atv/core";
import { hex } from "@atv/test-utils";
import { decodePlistDict, encodeBinaryPlist } from "../../src/plist/index.js";
import {
  DATA_STREAM_HEADER_BYTES,
  DataStreamDecoder,
  decodeMrpPayload,
  encodeDataStreamMessage,
  encodeMrpPayload,
  randomSeqno,
  replyFor,
  type DataStreamMessage,
} from "../../src/tunnel/data-stream.js";
import { DataStreamTooLargeError, MalformedDataStreamError } from "../../src/tunnel/errors.js";

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe("data-stream header", () => {
  it("lays out size, type, command, sequence number and padding as mrp.md §14 says", () => {
    const bytes = encodeDataStreamMessage({
      kind: "sync",
      command: "comm",
      seqno: 0x1_2345_6789n,
      payload: ascii("PL"),
    });
    expect(hex(bytes)).toBe(
      "00000022" + // size 34 = 32 + 2
        "73796e63" + // "sync"
        "0000000000000000" + // 8 zero bytes
        "636f6d6d" + // "comm"
        "0000000123456789" + // seqno u64 BE
        "00000000" + // padding
        "504c",
    );
  });

  it("a reply is header-only: rply, command zeros, the request's sequence number", () => {
    const reply = replyFor({ seqno: 0x1_ffff_ffffn });
    expect(hex(reply)).toBe(
      "00000020" + "72706c79" + "00".repeat(8) + "00000000" + "00000001ffffffff" + "00000000",
    );
    const [decoded] = new DataStreamDecoder().push(reply);
    expect(decoded).toEqual({ kind: "rply", command: "", seqno: 0x1_ffff_ffffn, payload: new Uint8Array() });
  });

  it("client sequence numbers are in [0x1_0000_0000, 0x1_FFFF_FFFF]", () => {
    expect(randomSeqno(() => 0)).toBe(0x1_0000_0000n);
    expect(randomSeqno(() => 0.999999999999)).toBe(0x1_ffff_ffffn);
    for (let i = 0; i < 100; i++) {
      const s = randomSeqno();
      expect(s >= 0x1_0000_0000n && s <= 0x1_ffff_ffffn).toBe(true);
    }
  });

  it("refuses sequence numbers outside u64", () => {
    const base = { kind: "sync", command: "comm", payload: new Uint8Array() } as const;
    expect(() => encodeDataStreamMessage({ ...base, seqno: -1n })).toThrow(RangeError);
    expect(() => encodeDataStreamMessage({ ...base, seqno: 1n << 64n })).toThrow(RangeError);
  });
});

describe("DataStreamDecoder", () => {
  const messages: DataStreamMessage[] = [
    { kind: "sync", command: "comm", seqno: 0x1_0000_0001n, payload: ascii("first payload") },
    { kind: "rply", command: "", seqno: 0x1_0000_0001n, payload: new Uint8Array() },
    { kind: "sync", command: "cmnd", seqno: 7n, payload: new Uint8Array(3000).fill(0xab) },
  ];
  const stream = Uint8Array.from(messages.flatMap((m) => [...encodeDataStreamMessage(m)]));

  it("decodes messages packed into one chunk", () => {
    expect(new DataStreamDecoder().push(stream)).toEqual(messages);
  });

  it("decodes the same stream fed one byte at a time", () => {
    const decoder = new DataStreamDecoder();
    const out: DataStreamMessage[] = [];
    for (const byte of stream) out.push(...decoder.push(Uint8Array.of(byte)));
    expect(out).toEqual(messages);
    expect(decoder.bufferedBytes).toBe(0);
    expect(() => decoder.end()).not.toThrow();
  });

  it("refuses a size below the header as soon as the size is in", () => {
    const decoder = new DataStreamDecoder();
    expect(() => decoder.push(Uint8Array.of(0, 0, 0, 31))).toThrow(MalformedDataStreamError);
    // Sticky: the stream is unusable afterwards.
    expect(() => decoder.push(replyFor({ seqno: 1n }))).toThrow(MalformedDataStreamError);
  });

  it("refuses an oversized message from its 4 size bytes, before buffering any of it", () => {
    const decoder = new DataStreamDecoder({ maxMessageBytes: 1024 });
    const error = (() => {
      try {
        decoder.push(Uint8Array.of(0, 0, 4, 1));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DataStreamTooLargeError);
    expect((error as DataStreamTooLargeError).size).toBe(1025);
    expect(decoder.bufferedBytes).toBe(0);
    expect(() =>
      new DataStreamDecoder({ maxMessageBytes: 0xffff_ffff }).push(Uint8Array.of(0xff, 0xff, 0xff, 0xff)),
    ).not.toThrow();
  });

  it("reads unknown message types as other and unknown commands verbatim (pyatv checks neither)", () => {
    const odd = encodeDataStreamMessage(messages[0] as DataStreamMessage);
    odd.set(ascii("sunc"), 4);
    odd.set(ascii("cmd?"), 16);
    const [decoded] = new DataStreamDecoder().push(odd);
    expect(decoded).toMatchObject({ kind: "other", command: "cmd?" });
    expect(() =>
      encodeDataStreamMessage({ kind: "other", command: "", seqno: 1n, payload: new Uint8Array() }),
    ).toThrow(RangeError);
    expect(() =>
      encodeDataStreamMessage({ kind: "sync", command: "toolong", seqno: 1n, payload: new Uint8Array() }),
    ).toThrow(RangeError);
    const custom = encodeDataStreamMessage({
      kind: "sync",
      command: "xyzw",
      seqno: 1n,
      payload: new Uint8Array(),
    });
    expect(new DataStreamDecoder().push(custom)[0]?.command).toBe("xyzw");
  });

  it("end() inside a message is an error", () => {
    const decoder = new DataStreamDecoder();
    decoder.push(stream.subarray(0, 40));
    expect(() => decoder.end()).toThrow(MalformedDataStreamError);
  });

  it("rejects bad limits", () => {
    expect(() => new DataStreamDecoder({ maxMessageBytes: 31 })).toThrow(RangeError);
    expect(() => new DataStreamDecoder({ maxMessageBytes: 2 ** 32 })).toThrow(RangeError);
  });
});

describe("MRP payload", () => {
  const a = Uint8Array.of(0x08, 0x01, 0x12, 0x00);
  const b = new Uint8Array(300).fill(0x20); // needs a 2-byte varint

  it("is a binary plist {params: {data: varint(len) ‖ message …}}", () => {
    const payload = encodeMrpPayload([a, b]);
    expect(hex(payload.subarray(0, 8))).toBe(hex(ascii("bplist00")));
    const plist = decodePlistDict(payload);
    const params = plist["params"] as { data: Uint8Array };
    expect(hex(params.data.subarray(0, 1 + a.length))).toBe("04" + hex(a));
    expect(hex(params.data.subarray(1 + a.length, 3 + a.length))).toBe("ac02"); // 300
    expect(decodeMrpPayload(payload)).toEqual([a, b]);
  });

  it("empty payloads and replies without params.data carry nothing", () => {
    expect(decodeMrpPayload(new Uint8Array())).toEqual([]);
    expect(decodeMrpPayload(encodeBinaryPlist({}))).toEqual([]);
    expect(decodeMrpPayload(encodeBinaryPlist({ params: {} }))).toEqual([]);
    expect(decodeMrpPayload(encodeBinaryPlist({ params: { data: new Uint8Array() } }))).toEqual([]);
  });

  it("quirk: data starting with 0x08 is one message without a length prefix", () => {
    const raw = Uint8Array.of(0x08, 0x27, 0x52, 0x02, 0x41, 0x42);
    expect(decodeMrpPayload(encodeBinaryPlist({ params: { data: raw } }))).toEqual([raw]);
  });

  it("typed errors for truncated, oversized, too many and mistyped contents", () => {
    const wrap = (data: Uint8Array) => encodeBinaryPlist({ params: { data } });
    expect(() => decodeMrpPayload(wrap(Uint8Array.of(0x05, 1, 2)))).toThrow(MalformedDataStreamError);
    expect(() => decodeMrpPayload(wrap(Uint8Array.of(0x85)))).toThrow(/truncated length prefix/);
    expect(() => decodeMrpPayload(wrap(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x01)))).toThrow(
      /longer than 5/,
    );
    expect(() =>
      decodeMrpPayload(wrap(Uint8Array.of(0x10, ...new Uint8Array(16))), { maxMessageBytes: 15 }),
    ).toThrow(DataStreamTooLargeError);
    expect(() => decodeMrpPayload(wrap(new Uint8Array(3)), { maxMessages: 2 })).toThrow(
      /more than 2 messages/,
    );
    expect(() => decodeMrpPayload(encodeBinaryPlist({ params: "x" }))).toThrow(/not a dictionary/);
    expect(() => decodeMrpPayload(encodeBinaryPlist({ params: { data: "x" } }))).toThrow(/not data/);
    expect(() => decodeMrpPayload(ascii("not a plist at all"))).toThrow(MalformedDataStreamError);
    try {
      decodeMrpPayload(ascii("bplist00 broken"));
    } catch (error) {
      expect(isAtvError(error)).toBe(true);
    }
  });

  it("header size covers payload: a whole sync message round-trips", () => {
    const payload = encodeMrpPayload([a]);
    const bytes = encodeDataStreamMessage({ kind: "sync", command: "comm", seqno: 5n, payload });
    expect(new DataView(bytes.buffer).getUint32(0)).toBe(DATA_STREAM_HEADER_BYTES + payload.length);
    const [message] = new DataStreamDecoder().push(bytes);
    expect(decodeMrpPayload(message?.payload ?? new Uint8Array())).toEqual([a]);
  });
});
