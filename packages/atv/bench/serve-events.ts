/**
 * Latency of `atv serve`'s event stream on loopback: the time from a change on the simulator
 * (a new now-playing item) to its arrival at WebSocket clients, for 1 and for 100 clients.
 * Prints p50 / p95 / max in milliseconds.
 *
 *   node --import tsx --conditions=@atv/source bench/serve-events.ts [updates=50]
 */
import WebSocket from "ws";
import { MemoryStorage } from "../src/index.js";
import { startServer } from "../src/serve/server.js";
import { startSimulator } from "../src/simulator/index.js";

const updates = Number(process.argv[2] ?? 50);
const sim = await startSimulator({ name: "Bench Room" });
sim.mrp.useCases.musicPlaying({ title: "warm-up", totalTime: 100 });
const server = await startServer({
  scanHosts: ["127.0.0.1"],
  scanPort: sim.info.ports.udns,
  storage: new MemoryStorage(),
});
await server.initialScan;
const id = sim.info.identifiers.mrp;
await fetch(`${server.url}api/devices/${id}/playing`);

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function measure(clientCount: number): Promise<void> {
  const url = `${server.url.replace(/^http/, "ws")}api/events?device=${id}`;
  const clients = await Promise.all(
    Array.from(
      { length: clientCount },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url);
          ws.once("open", () => resolve(ws));
          ws.once("error", reject);
        }),
    ),
  );
  const latencies: number[] = [];
  for (let i = 0; i < updates; i++) {
    const title = `bench ${clientCount} ${i}`;
    const arrived = clients.map(
      (ws) =>
        new Promise<number>((resolve) => {
          const onMessage = (data: Buffer): void => {
            if (data.toString().includes(`"title": "${title}"`)) {
              ws.off("message", onMessage);
              resolve(performance.now());
            }
          };
          ws.on("message", onMessage);
        }),
    );
    const sent = performance.now();
    sim.mrp.useCases.musicPlaying({ title, totalTime: 100 });
    for (const t of await Promise.all(arrived)) latencies.push(t - sent);
  }
  latencies.sort((a, b) => a - b);
  console.log(
    `${clientCount} client(s), ${updates} updates: p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms`,
  );
  for (const ws of clients) ws.close();
}

await measure(1);
await measure(100);
await server.close();
await sim.close();
