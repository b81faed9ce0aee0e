/**
 * The sans-IO browse session fed with the responses pyatv's fake responder sent in the
 * captured scan (test/vectors/zeroconf-unicast-scan.json): it must find what pyatv found
 * ("scan_result"), port for port and TXT for TXT.
 */
import { unhex } from "@atv/test-utils";
import { describe, expect, it } from "vitest";
import { BrowseSession } from "../src/browse/session.js";
import { decodeMessage } from "../src/index.js";
import { scanVector as vector } from "./scan-vector.js";
const PYATV_TYPES = [
  "_device-info._tcp.local",
  "_sleep-proxy._udp.local",
  "_airplay._tcp.local",
  "_companion-link._tcp.local",
  "_appletv-v2._tcp.local",
  "_touch-able._tcp.local",
  "_hscp._tcp.local",
  "_mediaremotetv._tcp.local",
  "_raop._tcp.local",
  "_airport._tcp.local",
];
const PROTOCOL_OF: Record<string, string> = {
  "_airplay._tcp.local": "AirPlay",
  "_companion-link._tcp.local": "Companion",
  "_mediaremotetv._tcp.local": "MRP",
  "_raop._tcp.local": "RAOP",
  "_touch-able._tcp.local": "DMAP",
  "_appletv-v2._tcp.local": "DMAP",
};

describe("browse session vs pyatv's captured unicast scan", () => {
  const responses = vector.exchanges.filter((e) => e.dir === "device->client");
  const hostOf = (conn: number) => (conn === 1 ? "127.0.0.1" : "127.0.0.2");

  it("sends PTR queries with QU for every type, 3 per datagram plus the sleep-proxy question", () => {
    const session = new BrowseSession({ serviceTypes: PYATV_TYPES, hosts: ["127.0.0.1"], port: 47612 });
    const sent = session.start();
    expect(
      sent.every((o) => o.to.kind === "unicast" && o.to.address === "127.0.0.1" && o.to.port === 47612),
    ).toBe(true);
    const questions = sent.map((o) => decodeMessage(o.data).questions);
    expect(questions.length).toBe(3);
    for (const qs of questions) {
      expect(qs.length).toBeLessThanOrEqual(4);
      expect(qs.at(-1)?.name).toBe("_sleep-proxy._udp.local");
      expect(qs.every((q) => q.type === 12 && q.unicastResponse)).toBe(true);
    }
    const asked = new Set(questions.flat().map((q) => q.name));
    expect([...asked].sort()).toEqual([...PYATV_TYPES].sort());
  });

  it("finds the same devices, services, ports and TXT as pyatv, and is done without waiting", () => {
    const session = new BrowseSession({
      serviceTypes: PYATV_TYPES,
      hosts: ["127.0.0.1", "127.0.0.2"],
      port: 47612,
    });
    session.start();
    const found = [];
    for (const ex of responses) {
      const followUps = session.receive(unhex(ex.hex), { address: hostOf(ex.conn), port: 47612 }, 10, true);
      expect(followUps).toEqual([]); // the fake sends SRV/TXT/A along, nothing to ask
      found.push(...session.completed(10));
    }
    expect(session.done).toBe(true);
    expect(session.finish()).toEqual([]);
    expect(found.map((d) => d.address).sort()).toEqual(["127.0.0.1", "127.0.0.2"]);
    for (const expected of vector.scan_result) {
      const device = found.find((d) => d.address === expected.address);
      if (!device) throw new Error(`missing ${expected.address}`);
      const byProtocol = new Map<string, { port: number; properties: Record<string, string> }>();
      for (const s of device.services) {
        const protocol = PROTOCOL_OF[s.type] as string;
        const merged = byProtocol.get(protocol);
        byProtocol.set(protocol, {
          port: merged?.port ?? s.port,
          properties: { ...s.properties, ...merged?.properties },
        });
        expect(s.address).toBe(expected.address);
      }
      expect([...byProtocol.keys()].sort()).toEqual(expected.services.map((s) => s.protocol).sort());
      for (const s of expected.services) {
        expect(byProtocol.get(s.protocol)?.port).toBe(s.port);
        expect(byProtocol.get(s.protocol)?.properties).toEqual(s.properties);
      }
      expect(device.deepSleep).toBe(false);
    }
    const atv = found.find((d) => d.address === "127.0.0.1");
    expect(atv?.name).toBe("Fake ATV");
    expect(atv?.model).toBe("AppleTV6,2");
    const dmap = found.find((d) => d.address === "127.0.0.2");
    expect(dmap?.name).toBeUndefined(); // DMAP instance names are identifiers
    expect(dmap?.services.map((s) => s.name)).toEqual(["B0B0B0B0B0B0B0B0", "B0B0B0B0B0B0B0B0"]);
  });
});
