/**
 * Issue 13: a running `atv simulate` process survives each of the four hostile mDNS
 * datagrams (sent over loopback to its unicast DNS-SD port) and answers a normal PTR
 * query right after each. The latency is measured in packages/zeroconf/bench/hostile.ts
 * (this test only asserts that the answer comes and is right).
 */
import { createSocket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DnsFlag,
  RecordType,
  decodeMessage,
  encodeMessage,
  type DnsMessage,
  type DnsRecord,
} from "@atv/zeroconf";
import { SimulatorProcess } from "../cli/process.js";

const MRP = "_mediaremotetv._tcp.local";

function message(parts: Partial<DnsMessage>): Uint8Array {
  return encodeMessage({
    id: 0,
    flags: 0,
    questions: [],
    answers: [],
    authorities: [],
    additionals: [],
    ...parts,
  });
}

/** The four shapes of the issue, each close to the largest UDP payload. */
const HOSTILE: Record<string, Uint8Array> = {
  // 10,880 copies of one PTR question (6 bytes each once compressed): the reply used to echo them all.
  "echo bomb": message({
    id: 0x1234,
    questions: Array.from({ length: 10_880 }, () => ({ name: MRP, type: RecordType.PTR })),
  }),
  // 1,000 questions × 2,000 known answers: known-answer suppression used to compare every pair.
  "known-answer bomb": message({
    questions: Array.from({ length: 1000 }, () => ({ name: MRP, type: RecordType.PTR })),
    answers: Array.from({ length: 2000 }, (_, i): DnsRecord => ({
      type: RecordType.PTR,
      name: MRP,
      ttl: 4500,
      target: `k${i}.${MRP}`,
    })),
  }),
  // 3,000 TXT records of one owner (the browser's de-duplication used to be quadratic).
  "record flood": message({
    flags: DnsFlag.Response,
    answers: Array.from({ length: 3000 }, (_, i): DnsRecord => ({
      type: RecordType.TXT,
      name: "Flood._airplay._tcp.local",
      ttl: 4500,
      entries: [new TextEncoder().encode(`k=${i}`)],
    })),
  }),
  // 2,000 port-0 SRVs of distinct instances (a "sleep proxy" answer the browser used to keep and wake without bound).
  "sleep-proxy flood": message({
    flags: DnsFlag.Response,
    answers: Array.from({ length: 2000 }, (_, i): DnsRecord => ({
      type: RecordType.SRV,
      name: `s${i}._airplay._tcp.local`,
      ttl: 120,
      priority: 0,
      weight: 0,
      port: 0,
      target: "sleeper.local",
    })),
  }),
};

/** Sends `first` (no answer awaited) then a PTR query from the same socket; resolves with the PTR answer. */
async function hostileThenPtr(first: Uint8Array, port: number): Promise<DnsMessage> {
  const socket = createSocket("udp4");
  try {
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    return await new Promise<DnsMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no answer to the PTR query")), 5000);
      socket.on("message", (msg) => {
        const m = decodeMessage(new Uint8Array(msg));
        if (m.id !== 4242) return; // the reply to the hostile datagram, if any
        clearTimeout(timer);
        resolve(m);
      });
      socket.send(first, port, "127.0.0.1");
      socket.send(message({ id: 4242, questions: [{ name: MRP, type: RecordType.PTR }] }), port, "127.0.0.1");
    });
  } finally {
    socket.close();
  }
}

describe("atv simulate under hostile mDNS datagrams", () => {
  let sim: SimulatorProcess;
  beforeAll(async () => {
    sim = await SimulatorProcess.start(["--udns-port", "0", "--name", "Hostile Room"]);
  }, 30_000);
  afterAll(async () => {
    await sim?.stop();
  });

  it.each(Object.keys(HOSTILE))("survives a %s and answers a normal PTR query right after", async (name) => {
    const datagram = HOSTILE[name] as Uint8Array;
    expect(datagram.length).toBeGreaterThan(40_000);
    expect(datagram.length).toBeLessThanOrEqual(65_507);
    const answer = await hostileThenPtr(datagram, sim.info.ports.udns);
    expect(answer.answers.map((a) => (a.type === RecordType.PTR ? a.target : a.type))).toEqual([
      `Hostile Room.${MRP}`,
    ]);
    expect(answer.additionals.some((a) => a.type === RecordType.SRV && a.port === sim.info.ports.mrp)).toBe(
      true,
    );
    expect(sim.child.exitCode).toBeNull();
  });

  it("is still alive and exits cleanly after all of them", async () => {
    expect(sim.child.exitCode).toBeNull();
    const { code } = await sim.stop();
    expect(code).toBe(0);
  });
});
