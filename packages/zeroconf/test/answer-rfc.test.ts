/** Answering rules added for issue 13 (RFC 6762 §5.4, §6, §6.1, §6.7, §7.1, §7.2), sans-IO. */
import { describe, expect, it } from "vitest";
import {
  answerQuery,
  buildZone,
  decodeMessage,
  DnsFlag,
  encodeMessageWithin,
  encodeResponse,
  RecordType,
  type DnsMessage,
  type DnsQuestion,
  type ZoneRecord,
} from "../src/index.js";
import { LEGACY_RESPONSE_BYTES, MAX_ECHOED_QUESTIONS } from "../src/responder/answer.js";
import { fakeAppleTv } from "./fixtures.js";

const zone = buildZone(fakeAppleTv("10.0.0.5"), { deviceInfoModel: "J105aAP" });
const query = (questions: DnsQuestion[], extra: Partial<DnsMessage> = {}): DnsMessage => ({
  id: 0x1234,
  flags: 0,
  questions,
  answers: [],
  authorities: [],
  additionals: [],
  ...extra,
});
const big = buildZone(
  Array.from({ length: 60 }, (_, i) => ({
    type: "_airplay._tcp",
    name: `TV ${i}`,
    port: 7000,
    address: "10.0.0.5",
    properties: { pad: "x".repeat(200) },
  })),
);
const ALL_TYPES = [
  "_airplay._tcp.local",
  "_raop._tcp.local",
  "_companion-link._tcp.local",
  "_mediaremotetv._tcp.local",
];

describe("legacy replies", () => {
  it("collapse duplicate questions, echo at most 16, and fit 512 bytes with the TC bit when cut", () => {
    const questions = [
      ...ALL_TYPES.flatMap((t) => [
        { name: t, type: RecordType.PTR },
        { name: t.toUpperCase(), type: RecordType.PTR },
      ]),
      ...Array.from({ length: 40 }, (_, i) => ({ name: `q${i}.local`, type: RecordType.A })),
    ];
    const plan = answerQuery(big, query(questions), { legacy: true, forceUnicast: false });
    const reply = plan.unicast as DnsMessage;
    expect(reply.questions).toHaveLength(MAX_ECHOED_QUESTIONS);
    expect(reply.questions.slice(0, 4).map((q) => q.name)).toEqual(ALL_TYPES);
    expect(reply.answers).toHaveLength(60);
    const [datagram, ...more] = encodeResponse(reply, LEGACY_RESPONSE_BYTES);
    expect(more).toEqual([]);
    expect(datagram?.length).toBeLessThanOrEqual(LEGACY_RESPONSE_BYTES);
    const decoded = decodeMessage(datagram as Uint8Array);
    expect(decoded.flags & DnsFlag.Truncated).toBe(DnsFlag.Truncated);
    expect(decoded.id).toBe(0x1234);
    // Whatever fits is a prefix: questions first, then answers.
    expect(decoded.questions.map((q) => q.name)).toEqual(
      reply.questions.slice(0, decoded.questions.length).map((q) => q.name),
    );
    // Same reply with room: everything, no TC.
    const [whole] = encodeResponse(reply, 8940);
    const all = decodeMessage(whole as Uint8Array);
    expect(all.flags & DnsFlag.Truncated).toBe(0);
    expect(all.answers).toHaveLength(60);
    expect(all.additionals.length).toBeGreaterThan(0);
  });

  it("drop additionals before answers, silently (no TC when only additionals are left out)", () => {
    const plan = answerQuery(zone, query([{ name: "_airplay._tcp.local", type: RecordType.PTR }]), {
      legacy: true,
      forceUnicast: false,
    });
    const [d] = encodeResponse(plan.unicast as DnsMessage, 120);
    const decoded = decodeMessage(d as Uint8Array);
    expect(decoded.answers).toHaveLength(1);
    expect(decoded.additionals.length).toBeLessThan((plan.unicast as DnsMessage).additionals.length);
    expect(decoded.flags & DnsFlag.Truncated).toBe(0);
  });
});

describe("encodeMessageWithin", () => {
  it("never exceeds the limit, never throws for size, and says what fitted", () => {
    const many: DnsMessage = query(
      Array.from({ length: 20_000 }, () => ({ name: "_airplay._tcp.local", type: 12 })),
    );
    for (const limit of [12, 100, 512, 9000, 65_535, 100_000]) {
      const fitted = encodeMessageWithin(many, limit);
      expect(fitted.data.length).toBeLessThanOrEqual(Math.min(limit, 65_535));
      expect(fitted.truncated).toBe(true);
      expect(decodeMessage(fitted.data).questions).toHaveLength(fitted.questions);
    }
  });

  it("splits multicast responses over datagrams, each within the limit, every answer sent once", () => {
    const plan = answerQuery(big, query([{ name: "_airplay._tcp.local", type: RecordType.PTR }]), {
      legacy: false,
      forceUnicast: false,
    });
    const datagrams = encodeResponse(plan.multicast as DnsMessage, 600);
    expect(datagrams.length).toBeGreaterThan(1);
    expect(datagrams.every((d) => d.length <= 600)).toBe(true);
    const answers = datagrams.flatMap((d) => decodeMessage(d).answers);
    expect(answers).toHaveLength(60);
  });
});

describe("RFC 6762 rules", () => {
  const host = "Fake-ATV.local";
  const find = (pred: (z: ZoneRecord) => boolean) => zone.find(pred) as ZoneRecord;

  it("§6.1: a type we do not have at a name we own gets our NSEC", () => {
    const plan = answerQuery(zone, query([{ name: host, type: RecordType.AAAA }]), {
      legacy: false,
      forceUnicast: false,
    });
    expect(plan.multicast?.answers).toEqual([
      expect.objectContaining({ type: RecordType.NSEC, name: host, types: [RecordType.A] }),
    ]);
    // A name we do not own: silence.
    expect(
      answerQuery(zone, query([{ name: "other.local", type: RecordType.AAAA }]), {
        legacy: false,
        forceUnicast: false,
      }),
    ).toEqual({});
  });

  it("§5.4: a QU question is answered by multicast if the record was not multicast within a quarter TTL", () => {
    const ptr = find((z) => z.record.type === RecordType.PTR && z.record.name === "_airplay._tcp.local");
    const q = query([{ name: "_airplay._tcp.local", type: RecordType.PTR, unicastResponse: true }]);
    const never = answerQuery(zone, q, {
      legacy: false,
      forceUnicast: false,
      nowMs: 10_000_000,
      lastMulticast: () => undefined,
    });
    expect(never.multicast?.answers).toHaveLength(1);
    expect(never.unicast).toBeUndefined();
    const recent = answerQuery(zone, q, {
      legacy: false,
      forceUnicast: false,
      nowMs: 10_000_000,
      lastMulticast: () => 10_000_000 - 60_000,
    });
    expect(recent.unicast?.answers).toHaveLength(1);
    const old = answerQuery(zone, q, {
      legacy: false,
      forceUnicast: false,
      nowMs: 10_000_000,
      lastMulticast: () => 10_000_000 - (ptr.record.ttl * 1000) / 4 - 1,
    });
    expect(old.multicast?.answers).toHaveLength(1);
  });

  it("§6: a record multicast less than a second ago is not multicast again", () => {
    const q = query([{ name: "_airplay._tcp.local", type: RecordType.PTR }]);
    expect(
      answerQuery(zone, q, { legacy: false, forceUnicast: false, nowMs: 5000, lastMulticast: () => 4500 }),
    ).toEqual({});
    expect(
      answerQuery(zone, q, { legacy: false, forceUnicast: false, nowMs: 5000, lastMulticast: () => 4000 })
        .multicast?.answers,
    ).toHaveLength(1);
  });

  it("§7.2: known answers from earlier packets of the query count too", () => {
    const ptr = find((z) => z.record.type === RecordType.PTR && z.record.name === "_airplay._tcp.local");
    const q = query([{ name: "_airplay._tcp.local", type: RecordType.PTR }]);
    expect(answerQuery(zone, q, { legacy: false, forceUnicast: false, knownAnswers: [ptr.record] })).toEqual(
      {},
    );
    expect(
      answerQuery(zone, q, { legacy: false, forceUnicast: false, knownAnswers: [{ ...ptr.record, ttl: 10 }] })
        .multicast?.answers,
    ).toHaveLength(1);
  });
});
