/** The sans-IO browse session in multicast mode: filtering, grouping, settling, sleep proxies. */
import { describe, expect, it } from "vitest";
import {
  BrowseSession,
  buildZone,
  decodeMessage,
  DnsFlag,
  encodeMessage,
  RecordType,
  type DnsMessage,
  type DnsRecord,
} from "../src/index.js";
import { announcement } from "../src/responder/answer.js";
import { fakeAppleTv } from "./fixtures.js";

const TYPES = ["_airplay._tcp", "_mediaremotetv._tcp"];
const response = (answers: DnsRecord[], flags = DnsFlag.Response): Uint8Array =>
  encodeMessage({ id: 0, flags, questions: [], answers, authorities: [], additionals: [] });
const zoneAnnouncement = (address: string, name?: string): Uint8Array =>
  encodeMessage(announcement(buildZone(fakeAppleTv(address, name), { deviceInfoModel: "J105aAP" })));

describe("multicast browse session", () => {
  it("sends its queries to the group, with _device-info and _sleep-proxy added", () => {
    const s = new BrowseSession({ serviceTypes: TYPES });
    const sent = s.start();
    expect(sent.every((o) => o.to.kind === "multicast")).toBe(true);
    const names = sent.flatMap((o) => decodeMessage(o.data).questions.map((q) => q.name));
    expect(names).toEqual([
      "_airplay._tcp.local",
      "_mediaremotetv._tcp.local",
      "_device-info._tcp.local",
      "_sleep-proxy._udp.local",
    ]);
    expect(decodeMessage(sent[0]?.data ?? new Uint8Array()).id).toBe(0);
  });

  it("groups by responder address and reports a responder once nothing new came for settleMs", () => {
    const s = new BrowseSession({ serviceTypes: TYPES, settleMs: 300 });
    s.receive(zoneAnnouncement("10.0.0.5"), { address: "10.0.0.5", port: 5353 }, 1000, false);
    s.receive(zoneAnnouncement("10.0.0.6", "Other"), { address: "10.0.0.6", port: 5353 }, 1100, false);
    expect(s.completed(1200)).toEqual([]);
    s.receive(zoneAnnouncement("10.0.0.5"), { address: "10.0.0.5", port: 5353 }, 1250, false); // nothing new: no reset
    const first = s.completed(1300);
    expect(first.map((d) => [d.address, d.name, d.model, d.services.length])).toEqual([
      ["10.0.0.5", "Fake ATV", "J105aAP", 2],
    ]);
    expect(s.completed(1400).map((d) => d.address)).toEqual(["10.0.0.6"]);
    expect(s.finish()).toEqual([]);
    expect(s.done).toBe(false); // multicast never ends early: the caller's timeout does
  });

  it("ignores queries on the group (they carry known answers) but takes QR-less answers sent to it directly", () => {
    const s = new BrowseSession({ serviceTypes: TYPES, settleMs: 0 });
    const knownAnswers: DnsMessage = decodeMessage(zoneAnnouncement("10.0.0.7"));
    const asQuery = encodeMessage({
      ...knownAnswers,
      flags: 0,
      questions: [{ name: "_airplay._tcp.local", type: RecordType.PTR }],
    });
    s.receive(asQuery, { address: "10.0.0.7", port: 5353 }, 0, false);
    expect(s.finish()).toEqual([]);
    const t = new BrowseSession({ serviceTypes: TYPES, settleMs: 0 });
    t.receive(asQuery, { address: "10.0.0.7", port: 5353 }, 0, true);
    expect(t.completed(0).map((d) => d.address)).toEqual(["10.0.0.7"]);
  });

  it("drops services of types not asked for, and follows up on what is missing", () => {
    const s = new BrowseSession({ serviceTypes: ["_airplay._tcp"], settleMs: 0 });
    const out = s.receive(
      response([
        { type: RecordType.PTR, name: "_airplay._tcp.local", ttl: 4500, target: "TV._airplay._tcp.local" },
        { type: RecordType.PTR, name: "_ipp._tcp.local", ttl: 4500, target: "Printer._ipp._tcp.local" },
      ]),
      { address: "10.0.0.8", port: 5353 },
      0,
      false,
    );
    const asked = out.flatMap((o) =>
      decodeMessage(o.data).questions.map((q) => `${q.type} ${q.name} ${q.unicastResponse}`),
    );
    expect(asked).toEqual(["16 TV._airplay._tcp.local true", "33 TV._airplay._tcp.local true"]);
    expect(out.every((o) => o.to.kind === "multicast")).toBe(true);
    expect(s.completed(10_000)).toEqual([]); // SRV/TXT still missing
    expect(s.tick(500)).toEqual(s.start()); // not asked again within a second
    expect(s.tick(1000).length).toBeGreaterThan(s.start().length);
    s.receive(
      response([
        {
          type: RecordType.SRV,
          name: "TV._airplay._tcp.local",
          ttl: 120,
          priority: 0,
          weight: 0,
          port: 7000,
          target: "tv.local",
          cacheFlush: true,
        },
        {
          type: RecordType.TXT,
          name: "TV._airplay._tcp.local",
          ttl: 4500,
          entries: [new TextEncoder().encode("deviceid=AA")],
        },
        { type: RecordType.A, name: "tv.local", ttl: 120, address: "169.254.1.1" },
        { type: RecordType.A, name: "tv.local", ttl: 120, address: "10.0.0.8" },
      ]),
      { address: "10.0.0.8", port: 5353 },
      1100,
      false,
    );
    const [device] = s.completed(1100);
    expect(device?.services).toEqual([
      {
        type: "_airplay._tcp.local",
        name: "TV",
        port: 7000,
        address: "10.0.0.8",
        host: "tv.local",
        properties: { deviceid: "AA" },
        rawProperties: new Map([["deviceid", new TextEncoder().encode("AA")]]),
      },
    ]);
  });

  it("honours goodbyes (TTL 0) and the cache-flush bit", () => {
    const s = new BrowseSession({ serviceTypes: ["_airplay._tcp"], settleMs: 0 });
    const from = { address: "10.0.0.9", port: 5353 };
    s.receive(zoneAnnouncement("10.0.0.9"), from, 0, false);
    const srv = (port: number): DnsRecord => ({
      type: RecordType.SRV,
      name: "Fake ATV._airplay._tcp.local",
      ttl: 120,
      priority: 0,
      weight: 0,
      port,
      target: "Fake-ATV.local",
      cacheFlush: true,
    });
    s.receive(response([srv(7001)]), from, 0, false);
    s.receive(
      response([
        {
          type: RecordType.PTR,
          name: "_mediaremotetv._tcp.local",
          ttl: 0,
          target: "Fake ATV._mediaremotetv._tcp.local",
        },
      ]),
      from,
      0,
      false,
    );
    const [device] = s.completed(0);
    expect(device?.services.map((x) => [x.type, x.port])).toEqual([["_airplay._tcp.local", 7001]]);
  });

  it("reports a device behind a sleep proxy once, marked deep-sleeping, under the device's own address", () => {
    const s = new BrowseSession({ serviceTypes: TYPES, settleMs: 0 });
    const sleeping = decodeMessage(zoneAnnouncement("10.0.0.20"));
    const proxied = encodeMessage({
      ...sleeping,
      answers: sleeping.answers.map((r) => (r.type === RecordType.SRV ? { ...r, port: 0 } : r)),
    });
    const wake = s.receive(proxied, { address: "10.0.0.1", port: 5353 }, 0, false);
    const any = wake.filter((o) => o.to.kind === "unicast");
    expect(any.map((o) => o.to)).toEqual([{ kind: "unicast", address: "10.0.0.1", port: 5353 }]);
    expect(
      decodeMessage(any[0]?.data ?? new Uint8Array()).questions.map((q) => `${q.type} ${q.name}`),
    ).toEqual([
      "255 Fake ATV._mediaremotetv._tcp.local",
      "255 Fake ATV._airplay._tcp.local",
      "12 _sleep-proxy._udp.local",
    ]);
    expect(s.completed(10)).toEqual([]); // asleep, nothing usable yet
    expect(s.tick(1000).some((o) => o.to.kind === "unicast" && o.to.address === "10.0.0.1")).toBe(true); // wake queries repeat
    s.receive(zoneAnnouncement("10.0.0.20"), { address: "10.0.0.20", port: 5353 }, 1100, false); // it woke up
    const devices = [...s.completed(1100), ...s.finish()];
    expect(devices.map((d) => [d.address, d.deepSleep, d.services.length])).toEqual([["10.0.0.20", true, 2]]);
  });

  it("bounds the number of responders it tracks", () => {
    const s = new BrowseSession({ serviceTypes: TYPES, settleMs: 0, maxResponders: 2 });
    for (let i = 1; i <= 5; i++)
      s.receive(zoneAnnouncement(`10.0.1.${i}`), { address: `10.0.1.${i}`, port: 5353 }, 0, false);
    expect(s.completed(0).map((d) => d.address)).toEqual(["10.0.1.1", "10.0.1.2"]);
  });

  it("counts and skips malformed datagrams", () => {
    const s = new BrowseSession({ serviceTypes: TYPES });
    expect(s.receive(Uint8Array.of(1, 2, 3), { address: "10.0.0.1", port: 5353 }, 0, false)).toEqual([]);
    expect(s.malformed).toBe(1);
    expect(s.lastDecodeError?.reason).toBe("truncated");
  });
});
