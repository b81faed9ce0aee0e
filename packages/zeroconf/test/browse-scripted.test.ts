/**
 * Unicast browse against scripted responders on loopback: answers without additional
 * records (the browser must ask for SRV/TXT/A), a Bonjour sleep proxy (port 0 → deep
 * sleep → ANY queries wake the device), and garbage datagrams.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  answerQuery,
  browseAll,
  buildZone,
  decodeMessage,
  encodeMessage,
  RecordType,
  type DnsMessage,
} from "../src/index.js";
import { fakeAppleTv } from "./fixtures.js";
import { scriptedResponder } from "./udp-helpers.js";

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

const zone = buildZone(fakeAppleTv("127.0.0.1"), { deviceInfoModel: "J305AP" });

function reply(query: DnsMessage, { additionals = true } = {}): Uint8Array | undefined {
  const plan = answerQuery(zone, query, { legacy: true, forceUnicast: true });
  if (!plan.unicast || plan.unicast.answers.length === 0) return undefined;
  return encodeMessage(additionals ? plan.unicast : { ...plan.unicast, additionals: [] });
}

describe("unicast browse follow-ups and sleep proxies", () => {
  it("asks for SRV, TXT and A when the answers come without additional records", async () => {
    const asked: string[] = [];
    const fake = await scriptedResponder("127.0.0.1", 0, (data, _from, send) => {
      const q = decodeMessage(data);
      for (const x of q.questions) if (x.type !== RecordType.PTR) asked.push(`${x.type} ${x.name}`);
      const out = reply(q, { additionals: false });
      if (out) send(out);
    });
    closers.push(() => fake.close());
    const [device] = await browseAll({
      serviceTypes: ["_airplay._tcp", "_mediaremotetv._tcp"],
      hosts: ["127.0.0.1"],
      port: fake.port,
      timeoutMs: 8000,
      knock: false,
    });
    expect(asked).toEqual(
      expect.arrayContaining([
        "16 Fake ATV._airplay._tcp.local",
        "33 Fake ATV._airplay._tcp.local",
        "33 Fake ATV._mediaremotetv._tcp.local",
        "1 Fake-ATV.local",
        "16 Fake ATV._device-info._tcp.local",
      ]),
    );
    expect(device?.services.map((s) => [s.type, s.port, s.address]).sort()).toEqual([
      ["_airplay._tcp.local", 7000, "127.0.0.1"],
      ["_mediaremotetv._tcp.local", 49152, "127.0.0.1"],
    ]);
    expect(device?.services.find((s) => s.type === "_airplay._tcp.local")?.properties["deviceid"]).toBe(
      "AA:BB:CC:DD:EE:FF",
    );
    expect(device?.model).toBe("J305AP");
  });

  it("marks a device answered by a sleep proxy (every SRV port 0) as deep-sleeping and wakes it with ANY queries", async () => {
    let asleep = true;
    const anyQueries: string[] = [];
    const fake = await scriptedResponder("127.0.0.1", 0, (data, _from, send) => {
      const q = decodeMessage(data);
      const any = q.questions.filter((x) => x.type === RecordType.ANY);
      if (any.length > 0) {
        anyQueries.push(...any.map((x) => x.name));
        asleep = false; // the proxy wakes the device up
      }
      const plan = answerQuery(
        zone,
        { ...q, questions: q.questions.filter((x) => x.type === RecordType.PTR) },
        { legacy: true, forceUnicast: true },
      );
      if (!plan.unicast || plan.unicast.answers.length === 0) return;
      const sleepy = (m: DnsMessage): DnsMessage => ({
        ...m,
        additionals: m.additionals.map((r) => (r.type === RecordType.SRV ? { ...r, port: 0 } : r)),
      });
      send(encodeMessage(asleep ? sleepy(plan.unicast) : plan.unicast));
    });
    closers.push(() => fake.close());
    const devices = await browseAll({
      serviceTypes: ["_mediaremotetv._tcp"],
      hosts: ["127.0.0.1"],
      port: fake.port,
      timeoutMs: 8000,
      knock: false,
    });
    expect(anyQueries).toContain("Fake ATV._mediaremotetv._tcp.local");
    expect(devices).toHaveLength(1);
    expect(devices[0]?.deepSleep).toBe(true);
    expect(devices[0]?.services.map((s) => s.port)).toEqual([49152]);
  });

  it("reports a deep-sleeping device that never wakes up, without services, at the timeout", async () => {
    const fake = await scriptedResponder("127.0.0.1", 0, (data, _from, send) => {
      const q = decodeMessage(data);
      // A proxy that never manages to wake the device: ANY questions get nothing.
      const plan = answerQuery(
        zone,
        { ...q, questions: q.questions.filter((x) => x.type === RecordType.PTR) },
        { legacy: true, forceUnicast: true },
      );
      if (!plan.unicast || plan.unicast.answers.length === 0) return;
      send(
        encodeMessage({
          ...plan.unicast,
          additionals: plan.unicast.additionals.map((r) =>
            r.type === RecordType.SRV ? { ...r, port: 0 } : r,
          ),
        }),
      );
    });
    closers.push(() => fake.close());
    const devices = await browseAll({
      serviceTypes: ["_airplay._tcp"],
      hosts: ["127.0.0.1"],
      port: fake.port,
      timeoutMs: 1500,
      knock: false,
    });
    expect(devices).toEqual([
      { address: "127.0.0.1", name: "Fake ATV", deepSleep: true, model: "J305AP", services: [] },
    ]);
  });

  it("ignores garbage datagrams and keeps browsing", async () => {
    const logged: string[] = [];
    const fake = await scriptedResponder("127.0.0.1", 0, (data, _from, send) => {
      send(Uint8Array.of(0, 0, 0x84, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1)); // pointer loop
      send(new Uint8Array(3));
      const out = reply(decodeMessage(data));
      if (out) send(out);
    });
    closers.push(() => fake.close());
    const devices = await browseAll({
      serviceTypes: ["_airplay._tcp"],
      hosts: ["127.0.0.1"],
      port: fake.port,
      timeoutMs: 5000,
      knock: false,
      logger: { debug: (m) => logged.push(m) },
    });
    expect(devices.map((d) => d.services.length)).toEqual([1]);
    expect(logged.some((m) => m.includes("pointer loop"))).toBe(true);
  });
});
