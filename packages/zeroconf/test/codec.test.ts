/**
 * Hand-built DNS messages. Sources of the layouts: RFC 1035 §4.1 (header, question,
 * record, §4.1.4 compression), RFC 6762 §5.4 (QU bit) and §10.2 (cache-flush bit),
 * RFC 3596 (AAAA), RFC 4034 §4.1.2 (NSEC type bitmap), RFC 2782 (SRV) and
 * /work/shared/protocols/zeroconf.md §3. Offsets are annotated byte by byte.
 */
import { unhex } from "@atv/test-utils";
import { describe, expect, it } from "vitest";
import {
  DnsDecodeError,
  DnsDecodeReason,
  decodeMessage,
  encodeMessage,
  isZeroconfError,
  parseInstanceName,
  RecordType,
  type DnsMessage,
} from "../src/index.js";

// prettier-ignore
const HAND_BUILT = [
  "0000 8400 0001 0002 0000 0002",                      //  0 header: QR|AA, 1 question, 2 answers, 2 additionals
  "085f616972706c6179 045f746370 056c6f63616c 00",      // 12 _airplay._tcp.local (label "local" at 26)
  "000c 8001",                                          // 33 PTR, IN + QU bit
  "c00c 000c 0001 00001194 000e",                       // 37 PTR answer, owner -> 12, TTL 4500, RDLENGTH 14
  "0b4c6976696e6720526f6f6d c00c",                      // 49 "Living Room" + pointer to 12
  "c031 0021 8001 00000078 000b",                       // 63 SRV, owner -> 49, IN + cache flush, TTL 120
  "0000 0000 1b58 027476 c01a",                         // 75 prio 0, weight 0, port 7000, "tv" (at 81) + -> "local"
  "c051 001c 8001 00000078 0010",                       // 86 AAAA for tv.local
  "fe800000000000000000000000000001",                   // 98 fe80::1
  "c051 002f 8001 00000078 0008",                       //114 NSEC for tv.local
  "c051 0004 40000008",                                 //126 next name tv.local, window 0: A (1) and AAAA (28)
].join("").replace(/ /g, "");

const EXPECTED: DnsMessage = {
  id: 0,
  flags: 0x8400,
  questions: [{ name: "_airplay._tcp.local", type: RecordType.PTR, class: 1, unicastResponse: true }],
  answers: [
    {
      name: "_airplay._tcp.local",
      type: RecordType.PTR,
      class: 1,
      cacheFlush: false,
      ttl: 4500,
      target: "Living Room._airplay._tcp.local",
    },
    {
      name: "Living Room._airplay._tcp.local",
      type: RecordType.SRV,
      class: 1,
      cacheFlush: true,
      ttl: 120,
      priority: 0,
      weight: 0,
      port: 7000,
      target: "tv.local",
    },
  ],
  authorities: [],
  additionals: [
    { name: "tv.local", type: RecordType.AAAA, class: 1, cacheFlush: true, ttl: 120, address: "fe80::1" },
    {
      name: "tv.local",
      type: RecordType.NSEC,
      class: 1,
      cacheFlush: true,
      ttl: 120,
      nextName: "tv.local",
      types: [1, 28],
    },
  ],
};

describe("hand-built message with compression, QU, cache flush, AAAA and NSEC", () => {
  const bytes = unhex(HAND_BUILT);
  it("is 134 bytes", () => expect(bytes.length).toBe(134));
  it("decodes", () => expect(decodeMessage(bytes)).toEqual(EXPECTED));
  it("encodes to the same bytes (the encoder compresses the same suffixes)", () => {
    expect(Buffer.from(encodeMessage(EXPECTED)).toString("hex")).toBe(HAND_BUILT);
  });
  it("encodes uncompressed when asked, to something that decodes the same", () => {
    const plain = encodeMessage(EXPECTED, { compress: false });
    expect(plain.length).toBeGreaterThan(bytes.length);
    expect(decodeMessage(plain)).toEqual(EXPECTED);
  });
});

describe("names", () => {
  it("keeps a dot inside an instance label escaped, and DNS-SD parsing restores it", () => {
    // 1 question "My.TV._airplay._tcp.local" type SRV class IN
    const bytes = unhex(
      "0000 0000 0001 0000 0000 0000 054d792e5456 085f616972706c6179 045f746370 056c6f63616c 00 0021 0001",
    );
    const q = decodeMessage(bytes).questions[0];
    expect(q?.name).toBe("My\\.TV._airplay._tcp.local");
    expect(parseInstanceName(q?.name ?? "")).toEqual({ instance: "My.TV", type: "_airplay._tcp.local" });
    expect(encodeMessage(decodeMessage(bytes), { compress: false })).toEqual(bytes);
  });

  it("decodes UTF-8 labels", () => {
    const msg: DnsMessage = {
      id: 1,
      flags: 0,
      questions: [{ name: "Wohnzimmer ☃._raop._tcp.local", type: 16, class: 1, unicastResponse: false }],
      answers: [],
      authorities: [],
      additionals: [],
    };
    expect(decodeMessage(encodeMessage(msg))).toEqual(msg);
  });

  it("rejects labels over 63 bytes and names over 255 bytes when encoding", () => {
    const q = (name: string): DnsMessage => ({
      id: 0,
      flags: 0,
      questions: [{ name, type: 1 }],
      answers: [],
      authorities: [],
      additionals: [],
    });
    expect(() => encodeMessage(q(`${"a".repeat(64)}.local`))).toThrow(RangeError);
    expect(() => encodeMessage(q(Array.from({ length: 5 }, () => "b".repeat(60)).join(".")))).toThrow(
      RangeError,
    );
    expect(() => encodeMessage(q("a..b"))).toThrow(RangeError);
    expect(() => encodeMessage(q(`${"é".repeat(32)}.local`))).toThrow(/64 bytes/);
  });
});

describe("malformed messages become DnsDecodeError with reason and offset", () => {
  const header = (qd: number, an = 0) =>
    `0000 0000 ${qd.toString(16).padStart(4, "0")} ${an.toString(16).padStart(4, "0")} 0000 0000`;
  const cases: [string, string, DnsDecodeReason, number][] = [
    ["empty", "", DnsDecodeReason.Truncated, 0],
    ["short header", "0000 0000 00", DnsDecodeReason.Truncated, 0],
    ["counts larger than the data", header(1), DnsDecodeReason.CountsExceedSize, 4],
    [
      "65535 answers announced",
      `${header(0, 0xffff)} 00 0001 0001 00000000 0000`,
      DnsDecodeReason.CountsExceedSize,
      4,
    ],
    ["pointer to itself", `${header(1)} c00c 0001 0001`, DnsDecodeReason.PointerLoop, 12],
    [
      "two pointers pointing at each other",
      `${header(1)} c00e c00c 0001 0001`,
      DnsDecodeReason.PointerLoop,
      12,
    ],
    ["label then pointer back to it", `${header(1)} 0161 c00c 0001 0001`, DnsDecodeReason.PointerLoop, 14],
    ["pointer past the end", `${header(1)} c0ff 0001 0001`, DnsDecodeReason.PointerOutOfRange, 12],
    ["reserved label type 01", `${header(1)} 4000 0001 0001`, DnsDecodeReason.BadLabelType, 12],
    ["reserved label type 10", `${header(1)} 8000 0001 0001`, DnsDecodeReason.BadLabelType, 12],
    ["label longer than the data", `${header(1)} 3f61 0001 0001`, DnsDecodeReason.Truncated, 12],
    [
      "name over 255 bytes",
      `${header(1)} ${`3f${"61".repeat(63)}`.repeat(4)} 00 0001 0001`,
      DnsDecodeReason.NameTooLong,
      12,
    ],
    ["question without QCLASS", `${header(1)} 0361626300 0001`, DnsDecodeReason.Truncated, 19],
    [
      "A record with 5 bytes",
      `${header(0, 1)} 00 0001 0001 00000078 0005 0102030405`,
      DnsDecodeReason.BadRdataLength,
      23,
    ],
    [
      "AAAA record with 4 bytes",
      `${header(0, 1)} 00 001c 0001 00000078 0004 01020304`,
      DnsDecodeReason.BadRdataLength,
      23,
    ],
    [
      "SRV record with 6 bytes",
      `${header(0, 1)} 00 0021 0001 00000078 0006 000000001b58`,
      DnsDecodeReason.BadRdataLength,
      23,
    ],
    [
      "RDLENGTH past the end",
      `${header(0, 1)} 00 0001 0001 00000078 0009 01020304`,
      DnsDecodeReason.Truncated,
      21,
    ],
    [
      "TXT string overruns RDATA",
      `${header(0, 1)} 00 0010 0001 00000078 0003 056162`,
      DnsDecodeReason.RdataOverrun,
      23,
    ],
    [
      "PTR name overruns RDATA",
      `${header(0, 1)} 00 000c 0001 00000078 0002 0361626300`,
      DnsDecodeReason.Truncated,
      23,
    ],
    [
      "NSEC bitmap length 0",
      `${header(0, 1)} 00 002f 0001 00000078 0003 00 0000`,
      DnsDecodeReason.BadNsecBitmap,
      24,
    ],
    [
      "NSEC bitmap length 33",
      `${header(0, 1)} 00 002f 0001 00000078 0003 00 0021`,
      DnsDecodeReason.BadNsecBitmap,
      24,
    ],
  ];
  for (const [what, bytes, reason, offset] of cases) {
    it(what, () => {
      let error: unknown;
      try {
        decodeMessage(unhex(bytes));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DnsDecodeError);
      const e = error as DnsDecodeError;
      expect([e.reason, e.offset]).toEqual([reason, offset]);
      expect(e.code).toBe("INVALID_RESPONSE");
      expect(e.message).toContain(`offset ${offset}`);
      expect(isZeroconfError(e)).toBe(true);
      expect((e as unknown as Record<symbol, unknown>)[Symbol.for("atv.error")]).toBe(true);
    });
  }

  it("refuses messages over 65535 bytes", () => {
    expect(() => decodeMessage(new Uint8Array(65_536))).toThrow(
      expect.objectContaining({ reason: DnsDecodeReason.TooLarge }),
    );
  });

  it("accepts trailing bytes and odd flags (liberal on form)", () => {
    const msg = decodeMessage(unhex("1234 0840 0000 0000 0000 0000 deadbeef"));
    expect([msg.id, msg.flags]).toEqual([0x1234, 0x0840]);
  });

  it("keeps records of unknown types as opaque bytes", () => {
    const msg = decodeMessage(unhex(`${header(0, 1)} 00 0063 0001 00000078 0003 010203`));
    expect(msg.answers[0]).toEqual({
      name: "",
      type: "unknown",
      rrtype: 0x63,
      class: 1,
      cacheFlush: false,
      ttl: 120,
      data: Uint8Array.of(1, 2, 3),
    });
  });
});
