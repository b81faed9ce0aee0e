/** The responder's answering rules (RFC 6762 §5.4, §6, §6.7, §7.1; RFC 6763 §12), sans-IO. */
import { describe, expect, it } from "vitest";
import {
  answerQuery,
  announcement,
  buildZone,
  DnsFlag,
  RecordType,
  type DnsMessage,
  type DnsQuestion,
} from "../src/index.js";
import { encodeResponse } from "../src/responder/answer.js";
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
const mcast = { legacy: false, forceUnicast: false };

describe("answerQuery", () => {
  it("answers a multicast PTR question by multicast with SRV, TXT, A, NSEC and _device-info as additionals", () => {
    const plan = answerQuery(zone, query([{ name: "_airplay._tcp.local", type: RecordType.PTR }]), mcast);
    expect(plan.unicast).toBeUndefined();
    const m = plan.multicast as DnsMessage;
    expect(m.id).toBe(0);
    expect(m.flags).toBe(DnsFlag.Response | DnsFlag.Authoritative);
    expect(m.questions).toEqual([]);
    expect(m.answers).toEqual([
      {
        type: RecordType.PTR,
        name: "_airplay._tcp.local",
        ttl: 4500,
        target: "Fake ATV._airplay._tcp.local",
        cacheFlush: false,
      },
    ]);
    expect(m.additionals.map((r) => `${r.type} ${r.name} ${r.cacheFlush}`)).toEqual([
      "33 Fake ATV._airplay._tcp.local true",
      "16 Fake ATV._airplay._tcp.local true",
      "47 Fake ATV._airplay._tcp.local true",
      "1 Fake-ATV.local true",
      "47 Fake-ATV.local true",
      "16 Fake ATV._device-info._tcp.local true",
    ]);
  });

  it("answers QU questions by unicast and the others by multicast, several per datagram, case-insensitively", () => {
    const plan = answerQuery(
      zone,
      query([
        { name: "_AIRPLAY._tcp.local", type: RecordType.PTR, unicastResponse: true },
        { name: "fake-atv.LOCAL", type: RecordType.A },
      ]),
      mcast,
    );
    expect(plan.unicast?.answers.map((r) => r.type)).toEqual([RecordType.PTR]);
    expect(plan.multicast?.answers.map((r) => [r.type, r.type === RecordType.A ? r.address : ""])).toEqual([
      [RecordType.A, "10.0.0.5"],
    ]);
  });

  it("answers legacy queries by unicast: ID and questions echoed, TTL ≤ 10, no cache-flush bit", () => {
    const q = query([{ name: "Fake ATV._mediaremotetv._tcp.local", type: RecordType.ANY }]);
    const plan = answerQuery(zone, q, { legacy: true, forceUnicast: false });
    expect(plan.multicast).toBeUndefined();
    const m = plan.unicast as DnsMessage;
    expect(m.id).toBe(0x1234);
    expect(m.questions).toEqual(q.questions);
    expect(m.answers.map((r) => r.type).sort()).toEqual([RecordType.TXT, RecordType.SRV]);
    expect([...m.answers, ...m.additionals].every((r) => r.ttl <= 10 && r.cacheFlush === false)).toBe(true);
  });

  it("replies to a legacy query on the unicast socket even with nothing to say (unicast scanners count replies)", () => {
    const q = query([{ name: "_hscp._tcp.local", type: RecordType.PTR }]);
    expect(answerQuery(zone, q, { legacy: true, forceUnicast: true }).unicast?.answers).toEqual([]);
    expect(answerQuery(zone, q, { legacy: true, forceUnicast: false })).toEqual({});
    expect(answerQuery(zone, q, mcast)).toEqual({});
  });

  it("suppresses known answers with at least half our TTL (RFC 6762 §7.1)", () => {
    const known = (ttl: number) =>
      query([{ name: "_raop._tcp.local", type: RecordType.PTR }], {
        answers: [
          {
            type: RecordType.PTR,
            name: "_raop._tcp.local",
            ttl,
            target: "AABBCCDDEEFF@Fake ATV._raop._tcp.local",
          },
        ],
      });
    expect(answerQuery(zone, known(4000), mcast)).toEqual({});
    expect(answerQuery(zone, known(100), mcast).multicast?.answers).toHaveLength(1);
  });

  it("lists service types for _services._dns-sd._udp.local, ignores other classes, responses and unknown names", () => {
    const types = answerQuery(
      zone,
      query([{ name: "_services._dns-sd._udp.local", type: RecordType.PTR }]),
      mcast,
    );
    expect(types.multicast?.answers.map((r) => (r.type === RecordType.PTR ? r.target : "")).sort()).toEqual([
      "_airplay._tcp.local",
      "_companion-link._tcp.local",
      "_device-info._tcp.local",
      "_mediaremotetv._tcp.local",
      "_raop._tcp.local",
    ]);
    expect(
      answerQuery(zone, query([{ name: "_airplay._tcp.local", type: RecordType.PTR, class: 3 }]), mcast),
    ).toEqual({});
    expect(
      answerQuery(
        zone,
        query([{ name: "_airplay._tcp.local", type: RecordType.PTR }], { flags: DnsFlag.Response }),
        mcast,
      ),
    ).toEqual({});
    expect(answerQuery(zone, query([{ name: "_ipp._tcp.local", type: RecordType.PTR }]), mcast)).toEqual({});
  });

  it("announces every record and says goodbye with TTL 0", () => {
    expect(announcement(zone).answers).toHaveLength(zone.length);
    expect(announcement(zone, true).answers.every((r) => r.ttl === 0 && !r.cacheFlush)).toBe(true);
  });

  it("splits a response that would be too large", () => {
    const big = buildZone(
      Array.from({ length: 40 }, (_, i) => ({
        type: "_airplay._tcp",
        name: `TV ${i}`,
        port: 7000,
        address: "10.0.0.5",
        properties: { pad: "x".repeat(200) },
      })),
    );
    const datagrams = encodeResponse(announcement(big), 1400);
    expect(datagrams.length).toBeGreaterThan(1);
    expect(datagrams.every((d) => d.length <= 1400)).toBe(true);
  });
});

describe("buildZone", () => {
  it("cuts long instance names on a character boundary and validates services", () => {
    const z = buildZone([{ type: "_airplay._tcp", name: "é".repeat(40), port: 7000, address: "10.0.0.5" }]);
    const ptr = z.find((r) => r.record.type === RecordType.PTR && r.record.name === "_airplay._tcp.local");
    expect(ptr?.record.type === RecordType.PTR && ptr.record.target).toBe(
      `${"é".repeat(31)}._airplay._tcp.local`,
    );
    expect(() => buildZone([{ type: "_airplay._tcp", name: "x", port: 70000, address: "10.0.0.5" }])).toThrow(
      RangeError,
    );
    expect(() => buildZone([{ type: "_airplay._tcp", name: "x", port: 1, address: "fe80::1" }])).toThrow(
      TypeError,
    );
    expect(() => buildZone([{ type: "airplay", name: "x", port: 1, address: "10.0.0.5" }])).toThrow(
      TypeError,
    );
    const twice = { type: "_airplay._tcp", name: "x", port: 1, address: "10.0.0.5" };
    expect(() => buildZone([twice, twice])).toThrow(/twice/);
  });

  it("publishes an empty TXT as one empty string (RFC 6763 §6.1) and dots in names escaped", () => {
    const z = buildZone([{ type: "_airplay._tcp", name: "My.TV", port: 7000, address: "10.0.0.5" }]);
    const txt = z.find((r) => r.record.type === RecordType.TXT)?.record;
    expect(txt?.type === RecordType.TXT && txt.entries).toEqual([new Uint8Array(0)]);
    expect(txt?.name).toBe("My\\.TV._airplay._tcp.local");
  });
});
