/** Browser ↔ responder over real UDP sockets on loopback (unicast browse). */
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { until } from "@atv/test-utils";
import {
  browse,
  browseAll,
  createResponder,
  type DnsMessage,
  type QuerySource,
  type Responder,
} from "../src/index.js";
import { fakeAppleTv, PYATV_TYPES } from "./fixtures.js";

const open: Responder[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

async function responderAt(address: string, port: number, name?: string): Promise<Responder> {
  const r = createResponder({
    services: fakeAppleTv(address, name),
    unicast: { address, port },
    deviceInfoModel: "J105aAP",
  });
  open.push(r);
  await r.start();
  return r;
}

describe("unicast browse against our responder on loopback", () => {
  it("finds every service with port, address, TXT, name and model, and ends before the timeout", async () => {
    const responder = await responderAt("127.0.0.1", 0);
    const queries: DnsMessage[] = [];
    responder.on("query", (q) => queries.push(q));
    const started = Date.now();
    const devices = await browseAll({
      serviceTypes: PYATV_TYPES,
      hosts: ["127.0.0.1"],
      port: responder.port,
      timeoutMs: 15_000,
      knock: false,
    });
    expect(Date.now() - started).toBeLessThan(7_500); // early completion, not the 15 s timeout
    expect(devices).toHaveLength(1);
    const [device] = devices;
    expect(device?.address).toBe("127.0.0.1");
    expect(device?.name).toBe("Fake ATV");
    expect(device?.model).toBe("J105aAP");
    expect(device?.deepSleep).toBe(false);
    const byType = new Map(device?.services.map((s) => [s.type, s]));
    expect([...byType.keys()].sort()).toEqual([
      "_airplay._tcp.local",
      "_companion-link._tcp.local",
      "_mediaremotetv._tcp.local",
      "_raop._tcp.local",
    ]);
    const mrp = byType.get("_mediaremotetv._tcp.local");
    expect(mrp).toMatchObject({
      name: "Fake ATV",
      port: 49152,
      address: "127.0.0.1",
      host: "Fake-ATV.local",
    });
    expect(mrp?.properties).toEqual({
      name: "Fake ATV",
      uniqueidentifier: "E510C430-B01D-45DF-B558-6EA6F8251069",
      systembuildversion: "18M60",
      allowpairing: "YES",
    });
    expect(new TextDecoder().decode(mrp?.rawProperties.get("UniqueIdentifier"))).toBe(
      "E510C430-B01D-45DF-B558-6EA6F8251069",
    );
    expect(byType.get("_raop._tcp.local")?.name).toBe("AABBCCDDEEFF@Fake ATV");
    // The responder saw pyatv-style datagrams: several PTR questions each, QU set, sleep proxy included.
    expect(queries.length).toBeGreaterThanOrEqual(3);
    expect(queries[0]?.questions.length).toBeGreaterThan(1);
    expect(queries.every((q) => q.questions.some((x) => x.name === "_sleep-proxy._udp.local"))).toBe(true);
    expect(queries.every((q) => q.questions.every((x) => x.unicastResponse))).toBe(true);
  });

  it("browses two hosts in parallel and ends as soon as both answered", async () => {
    const a = await responderAt("127.0.0.1", 0, "Kitchen");
    await responderAt("127.0.0.2", a.port, "Bedroom");
    const devices = await browseAll({
      serviceTypes: ["_airplay._tcp"],
      hosts: ["127.0.0.1", "127.0.0.2", "127.0.0.1"], // duplicates are browsed once,
      port: a.port,
      timeoutMs: 15_000,
      knock: false,
    });
    expect(devices.map((d) => [d.address, d.name]).sort()).toEqual([
      ["127.0.0.1", "Kitchen"],
      ["127.0.0.2", "Bedroom"],
    ]);
    expect(devices.every((d) => d.services.length === 1 && d.services[0]?.port === 7000)).toBe(true);
  });

  it("yields each host as it is found, and waits out the timeout only for a silent host", async () => {
    const a = await responderAt("127.0.0.1", 0);
    const seen: [string, number][] = [];
    const started = Date.now();
    for await (const d of browse({
      serviceTypes: ["_mediaremotetv._tcp"],
      hosts: ["127.0.0.1", "127.0.0.3"],
      port: a.port,
      timeoutMs: 1500,
      knock: false,
    })) {
      seen.push([d.address, Date.now() - started]);
    }
    expect(seen.map(([addr]) => addr)).toEqual(["127.0.0.1"]);
    expect(seen[0]?.[1]).toBeLessThan(1400); // yielded before the end of the scan
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400); // 127.0.0.3 never answered
  });

  it("knocks on the given TCP ports of each host while browsing", async () => {
    const a = await responderAt("127.0.0.1", 0);
    const knocks: number[] = [];
    const server: Server = createServer((s) => {
      knocks.push(Date.now());
      s.on("error", () => undefined);
      s.on("close", () => knocks.push(-1));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      await browseAll({
        serviceTypes: ["_airplay._tcp"],
        hosts: ["127.0.0.1"],
        port: a.port,
        timeoutMs: 3000,
        knock: { ports: [port] },
      });
      await until(() => knocks.includes(-1), { what: "the knock connection to close" });
      expect(knocks.filter((k) => k > 0)).toHaveLength(1);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("stops on abort with the signal's reason and closes its sockets", async () => {
    const controller = new AbortController();
    const pending = browseAll({
      serviceTypes: ["_airplay._tcp"],
      hosts: ["127.0.0.3"],
      port: 5999,
      timeoutMs: 10_000,
      knock: false,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("user gave up")), 100);
    await expect(pending).rejects.toThrow("user gave up");
    await expect(
      browseAll({ serviceTypes: ["_airplay._tcp"], hosts: ["127.0.0.1"], signal: AbortSignal.abort() }),
    ).rejects.toThrow();
  });

  it("stops browsing when the caller leaves the loop (identifier filtering by the caller)", async () => {
    const a = await responderAt("127.0.0.1", 0);
    await responderAt("127.0.0.2", a.port, "Other");
    const started = Date.now();
    let found: string | undefined;
    for await (const d of browse({
      serviceTypes: ["_companion-link._tcp"],
      hosts: ["127.0.0.3", "127.0.0.1", "127.0.0.2"],
      port: a.port,
      timeoutMs: 10_000,
      knock: false,
    })) {
      if (d.services.some((s) => s.properties["rpmrtid"] === "E510C430-B01D-45DF-B558-6EA6F8251069")) {
        found = d.address;
        break;
      }
    }
    expect(found).toMatch(/^127\.0\.0\.[12]$/);
    expect(Date.now() - started).toBeLessThan(5000); // did not wait for the silent 127.0.0.3
  });

  it("leaves no socket, timer or TCP knock behind (after completion, timeout and abort)", async () => {
    const a = await responderAt("127.0.0.1", 0);
    const count = () => {
      const info = process.getActiveResourcesInfo();
      return ["UDPWrap", "TCPSocketWrap", "Timeout"].map((k) => info.filter((x) => x === k).length);
    };
    await new Promise((r) => setTimeout(r, 50)); // earlier tests' sockets finish closing
    const baseline = count();
    await browseAll({
      serviceTypes: ["_airplay._tcp"],
      hosts: ["127.0.0.1"],
      port: a.port,
      timeoutMs: 5000,
      knock: { ports: [1] },
    });
    await browseAll({ serviceTypes: ["_airplay._tcp"], hosts: ["127.0.0.3"], port: a.port, timeoutMs: 300 });
    const controller = new AbortController();
    const aborted = browseAll({
      serviceTypes: ["_airplay._tcp"],
      hosts: ["127.0.0.3"],
      port: a.port,
      timeoutMs: 5000,
      signal: controller.signal,
    });
    controller.abort();
    await expect(aborted).rejects.toThrow();
    await until(() => count().every((n, i) => n <= (baseline[i] as number)), {
      what: `UDP/TCP/timer handles back to ${baseline.join(",")} (now ${count().join(",")})`,
    });
  });

  it("rejects bad options synchronously", () => {
    expect(() => browse({ serviceTypes: [] })).toThrow(TypeError);
    expect(() => browse({ serviceTypes: ["airplay"] })).toThrow(TypeError);
    expect(() => browse({ serviceTypes: ["_airplay._tcp"], hosts: ["not an ip"] })).toThrow(TypeError);
    expect(() => browse({ serviceTypes: ["_airplay._tcp"], timeoutMs: -1 })).toThrow(RangeError);
  });

  it("answers pyatv's own query datagrams (several questions each) by legacy unicast", async () => {
    const r = await responderAt("127.0.0.1", 0);
    const sources: QuerySource[] = [];
    r.on("query", (_q, s) => sources.push(s));
    const { sendAndReceive } = await import("./udp-helpers.js");
    const { scanVector } = await import("./scan-vector.js");
    const { unhex } = await import("@atv/test-utils");
    const { decodeMessage } = await import("../src/index.js");
    const query = scanVector.exchanges[2]; // _hscp, _mediaremotetv, _raop, _airport, _sleep-proxy
    const reply = decodeMessage(await sendAndReceive(unhex(query?.hex ?? ""), "127.0.0.1", r.port));
    expect(reply.id).toBe(0x35ff); // legacy: ID echoed
    expect(reply.flags & 0x8000).toBe(0x8000);
    expect(reply.questions.map((q) => q.name)).toEqual(
      decodeMessage(unhex(query?.hex ?? "")).questions.map((q) => q.name),
    );
    expect(reply.answers.map((a) => [a.name, a.type === 12 ? a.target : ""]).sort()).toEqual([
      ["_mediaremotetv._tcp.local", "Fake ATV._mediaremotetv._tcp.local"],
      ["_raop._tcp.local", "AABBCCDDEEFF@Fake ATV._raop._tcp.local"],
    ]);
    expect([...reply.answers, ...reply.additionals].every((x) => x.ttl <= 10 && !x.cacheFlush)).toBe(true);
    expect(reply.additionals.some((x) => x.type === 33 && x.port === 49152)).toBe(true);
    expect(reply.additionals.some((x) => x.name === "Fake ATV._device-info._tcp.local")).toBe(true);
    expect(sources[0]?.unicast).toBe(true);
  });
});
