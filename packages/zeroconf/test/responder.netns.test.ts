/**
 * RFC 6762 timing and size rules of our multicast Responder, checked from another network
 * namespace over a veth link this test creates (multicast never leaves it): the 20–120 ms delay
 * for shared answers and the one-second rate limit (§6), known answers over several packets
 * (§7.2), legacy replies within 512 bytes with the TC bit (§6.7, RFC 1035).
 */
import { createLink, netnsUnavailableReason, spawnIn, teardown, type Link } from "@atv/test-utils";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResponderOptions } from "../src/index.js";

const reason = netnsUnavailableReason();
const packageDir = fileURLToPath(new URL("..", import.meta.url));

describe.skipIf(reason)("multicast Responder rules, seen from another namespace", () => {
  let link: Link;
  beforeAll(() => {
    link = createLink();
  });
  afterAll(teardown, 30_000);

  it("delays shared answers, rate-limits, waits for TC known answers, keeps legacy replies ≤ 512 bytes", async () => {
    const pad = "x".repeat(180);
    const services = ["_airplay._tcp", "_raop._tcp", "_companion-link._tcp", "_mediaremotetv._tcp"].map(
      (type, i) => ({
        type,
        name: "Rule TV",
        port: 7000 + i,
        address: link.dev.address,
        properties: { pad },
      }),
    );
    const options: ResponderOptions = { services, multicast: { interfaceAddress: link.dev.address } };
    const server = spawnIn(
      link.dev.ns,
      process.execPath,
      ["--import", "tsx", "test/netns/responder-server.ts", JSON.stringify(options)],
      {},
      packageDir,
    );
    await server.waitFor(/ready/, 20_000);
    const client = spawnIn(
      link.cli.ns,
      process.execPath,
      [
        "--import",
        "tsx",
        "test/netns/mdns-client.ts",
        JSON.stringify({ iface: link.cli.address }),
        "Rule TV._raop._tcp.local",
        ...services.map((s) => `Rule TV.${s.type}.local`),
      ],
      {},
      packageDir,
    );
    await new Promise((resolve) => client.child.once("exit", resolve));
    let result: {
      sharedDelayMs: number[];
      raopAnswers: number;
      companionDelayMs: number[];
      legacy: { bytes: number; id: number; tc: boolean; answers: number; cacheFlush: boolean }[];
    };
    try {
      result = JSON.parse(client.stdout()) as typeof result;
    } catch {
      throw new Error(`client failed: ${client.output()}\nserver: ${server.output()}`);
    }
    // One multicast answer for two queries 150 ms apart, after at least the 20 ms delay.
    expect(result.sharedDelayMs).toHaveLength(1);
    expect(result.sharedDelayMs[0]).toBeGreaterThanOrEqual(20);
    // Our PTR listed as a known answer in the second packet: no answer at all.
    expect(result.raopAnswers).toBe(0);
    // Not listed: answered once, after the 400 ms wait for more known answers.
    expect(result.companionDelayMs).toHaveLength(1);
    expect(result.companionDelayMs[0]).toBeGreaterThanOrEqual(400);
    // Legacy: one unicast reply, cut to 512 bytes with TC, ID echoed, no cache-flush bits.
    expect(result.legacy).toHaveLength(1);
    expect(result.legacy[0]).toMatchObject({ id: 0xbeef, tc: true, cacheFlush: false });
    expect(result.legacy[0]?.bytes).toBeLessThanOrEqual(512);
    await server.stop();
  }, 60_000);
});
