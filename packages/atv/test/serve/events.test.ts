/**
 * GET /api/events: WebSocket and SSE clients get the device's push updates, power, volume and
 * connection state in atvscript's --json schema; 100 concurrent clients each get every update;
 * the stream resumes after the device restarts (100 cycles, no leaked sockets).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "@atv/test-utils";
import { MemoryStorage } from "../../src/index.js";
import { startServer, type RunningServer } from "../../src/serve/server.js";
import { restartableSimulator, type RestartableSimulator } from "../managed/sim-restart.js";
import { EventClient, eventsUrl } from "./event-client.js";
import { api } from "./harness.js";

let device: RestartableSimulator;
let server: RunningServer;
let id: string;
beforeAll(async () => {
  device = await restartableSimulator({ name: "Events Room" });
  device.sim.mrp.useCases.musicPlaying({ title: "start", totalTime: 100, position: 1 });
  server = await startServer({
    scanHosts: ["127.0.0.1"],
    scanPort: device.sim.info.ports.udns,
    storage: new MemoryStorage(),
    reconnect: { initialDelayMs: 5, maxDelayMs: 50, wakeCheckIntervalMs: 0 },
  });
  await server.initialScan;
  id = device.sim.info.identifiers.mrp;
  expect((await api(server, "GET", `/api/devices/${id}/playing`)).status).toBe(200); // connects
});
afterAll(async () => {
  await server.close();
  await device.close();
});

describe("WebSocket", () => {
  it("sends the latest state first, then every change in the --json schema", async () => {
    const client = new EventClient(eventsUrl(server.url, id));
    await client.opened;
    try {
      await until(() => client.titles().includes("start"));
      expect(client.messages.find((m) => "connection" in m)).toMatchObject({
        connection: "connected",
        device: id,
      });
      device.sim.mrp.useCases.musicPlaying({ title: "live", artist: "Band", totalTime: 100, position: 2 });
      await until(() => client.titles().includes("live"));
      const live = client.messages.find((m) => m["title"] === "live");
      expect(live).toMatchObject({
        result: "success",
        device: id,
        artist: "Band",
        device_state: "playing",
        media_type: "music",
      });
      expect(live?.datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d$/);
      expect(Object.keys(live ?? {}).slice(0, 3)).toEqual(["result", "datetime", "hash"]);
      // Volume through the API shows up on the stream.
      expect(
        (await api(server, "POST", `/api/devices/${id}/commands/set_volume`, { args: [25] })).status,
      ).toBe(200);
      await until(() => client.messages.some((m) => m["volume"] === 25));
      // ?device= filters other devices out.
      const other = new EventClient(eventsUrl(server.url, "someone-else"));
      await other.opened;
      device.sim.mrp.useCases.musicPlaying({ title: "filtered", totalTime: 100 });
      await until(() => client.titles().includes("filtered"));
      expect(other.messages).toEqual([]);
      await other.close();
    } finally {
      await client.close();
    }
  });

  it("100 concurrent clients each get every update, in order", { timeout: 60_000 }, async () => {
    const clients = Array.from({ length: 100 }, () => new EventClient(eventsUrl(server.url, id)));
    try {
      await Promise.all(clients.map((c) => c.opened));
      expect(server.eventClients).toBeGreaterThanOrEqual(100);
      const titles = Array.from({ length: 20 }, (_, i) => `load ${i}`);
      for (const title of titles) {
        device.sim.mrp.useCases.musicPlaying({ title, totalTime: 100 });
        await until(() => clients.every((c) => c.titles().includes(title)), { timeoutMs: 10_000 });
      }
      for (const c of clients)
        expect(c.titles().filter((t) => String(t).startsWith("load "))).toEqual(titles);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
    await until(() => server.eventClients === 0);
  });
});

describe("Server-Sent Events", () => {
  it("streams the same objects as `event: <kind>` + `data: <json>`", async () => {
    const ac = new AbortController();
    const response = await fetch(`${server.url}api/events?device=${id}`, {
      headers: { accept: "text/event-stream" },
      signal: ac.signal,
    });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    setTimeout(() => device.sim.mrp.useCases.musicPlaying({ title: "via sse", totalTime: 100 }), 50);
    while (!text.includes('"title": "via sse"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    ac.abort();
    const block = text.split("\n\n").find((b) => b.includes('"title": "via sse"')) ?? "";
    expect(block.split("\n")[0]).toBe("event: playing");
    expect(JSON.parse(block.split("\n")[1]?.slice("data: ".length) ?? "")).toMatchObject({
      device: id,
      title: "via sse",
    });
  });
});

describe("reconnect through the bridge", () => {
  const sockets = (): number => process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length;

  it(
    "events resume after the device restarts on the same ports, 100 times, without leaked sockets",
    { timeout: 60_000 },
    async () => {
      const client = new EventClient(eventsUrl(server.url, id));
      await client.opened;
      try {
        const baseline = sockets();
        for (let cycle = 1; cycle <= 100; cycle++) {
          await device.stop();
          await until(() => client.messages.some((m) => m["connection"] === "reconnecting"), {
            intervalMs: 2,
          });
          const sim = await device.start();
          await until(
            () =>
              client.messages.at(-1)?.["connection"] === "connected" ||
              client.messages.some((m) => m["connection"] === "connected"),
            { intervalMs: 2 },
          );
          client.messages.length = 0;
          sim.mrp.useCases.musicPlaying({ title: `cycle ${cycle}`, totalTime: 10 });
          await until(() => client.titles().includes(`cycle ${cycle}`), {
            intervalMs: 2,
            what: `cycle ${cycle}`,
          });
          client.messages.length = 0;
        }
        expect(sockets()).toBe(baseline);
        expect((await api(server, "GET", `/api/devices/${id}/playing`)).body).toMatchObject({
          title: "cycle 100",
        });
      } finally {
        await client.close();
      }
    },
  );
});
