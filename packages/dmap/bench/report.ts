/**
 * Prints DMAP numbers: decode throughput (MB/s and bodies/s) and loopback round trips
 * (median and p99 of playing() and a command). `pnpm --filter @atv/dmap bench:report`.
 */
import { performance } from "node:perf_hooks";
import { container, decodeDmap, encodeDmap, str, uint } from "../src/codec/index.js";
import { buildPlaying } from "../src/playing.js";
import { DEFAULT_HSGID, startDmapServer } from "../src/server/index.js";
import { DmapSetup } from "../src/setup.js";
import { responseBodies } from "../test/vectors.js";
import { benchCount, emitBench } from "@atv/test-utils/bench";

function throughput(
  name: string,
  id: string,
  body: Uint8Array,
  run: (b: Uint8Array) => unknown,
  ms = benchCount(1000, 300),
): void {
  for (let i = 0; i < 1000; i++) run(body);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 100; i++) run(body);
    n += 100;
  }
  const seconds = (performance.now() - start) / 1000;
  const mbps = (n * body.length) / seconds / 1e6;
  console.log(`${name}: ${(n / seconds).toFixed(0)} ops/s, ${mbps.toFixed(1)} MB/s (${body.length} B)`);
  emitBench(`dmap.${id}`, n / seconds, "ops/s", "higher");
}

async function latency(
  name: string,
  id: string,
  run: () => Promise<unknown>,
  count = benchCount(2000, 400),
): Promise<void> {
  for (let i = 0; i < benchCount(200, 50); i++) await run();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number): string => (times[Math.floor(q * (times.length - 1))] ?? 0).toFixed(3);
  console.log(`${name}: median ${at(0.5)} ms, p99 ${at(0.99)} ms (${count} calls)`);
  emitBench(`dmap.${id}.p50`, Number(at(0.5)), "ms", "lower");
}

const playstatus = responseBodies()[1]!;
const listing = encodeDmap(
  container(
    "mlcl",
    ...Array.from({ length: 1000 }, (_, i) =>
      container(
        "mlit",
        uint("miid", i),
        str("minm", `Track ${i}`),
        str("asar", "Artist"),
        str("asal", "Album"),
      ),
    ),
  ),
);
throughput("decode captured playstatus", "decode.playstatus", playstatus, (b) => decodeDmap(b));
throughput("decode + buildPlaying", "decode.playing", playstatus, (b) => buildPlaying(decodeDmap(b)));
throughput("decode 1000-item listing", "decode.listing", listing, (b) => decodeDmap(b));

const device = await startDmapServer();
device.useCases.musicPlaying({ title: "bench", artist: "a", album: "b", totalTime: 300, position: 10 });
const setup = new DmapSetup({ host: "127.0.0.1", port: device.port, credentials: DEFAULT_HSGID });
await setup.connect();
await latency("playing() over loopback HTTP", "rtt.playing", () => setup.capabilities.metadata.playing());
await latency("pause() over loopback HTTP", "rtt.pause", () => setup.capabilities.remoteControl.pause());
await setup.close();
await device.close();
