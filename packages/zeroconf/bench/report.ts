/**
 * Prints the numbers for the report: decode packets/s and unicast browse latency p50/p99.
 * Run: pnpm --filter @atv/zeroconf exec tsx bench/report.ts
 */
import { browseAll, decodeMessage } from "../src/index.js";
import { benchCount, emitBench } from "@atv/test-utils/bench";
import { compressedAnnouncement, PYATV_TYPES, pyatvResponse, startLoopbackResponder } from "./fixtures.js";

function decodeRate(packet: Uint8Array, ms = benchCount(2000, 500)): number {
  for (let i = 0; i < 20_000; i++) decodeMessage(packet); // warm up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 1000; i++) decodeMessage(packet);
    n += 1000;
  }
  return n / ((performance.now() - start) / 1000);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
const responseRate = decodeRate(pyatvResponse);
console.log(`decode pyatv response (${pyatvResponse.length} B): ${fmt(responseRate)} packets/s`);
emitBench("zeroconf.decode.response", responseRate, "packets/s", "higher");
const announcementRate = decodeRate(compressedAnnouncement);
console.log(
  `decode compressed announcement (${compressedAnnouncement.length} B): ${fmt(announcementRate)} packets/s`,
);
emitBench("zeroconf.decode.announcement", announcementRate, "packets/s", "higher");

const responder = await startLoopbackResponder();
const times: number[] = [];
const browses = benchCount(300, 80);
for (let i = 0; i < browses; i++) {
  const t0 = performance.now();
  const devices = await browseAll({
    serviceTypes: PYATV_TYPES,
    hosts: ["127.0.0.1"],
    port: responder.port,
    knock: false,
    timeoutMs: 5000,
  });
  if (devices[0]?.services.length !== 3) throw new Error("browse did not find the 3 services");
  if (i >= 20) times.push(performance.now() - t0);
}
await responder.close();
times.sort((a, b) => a - b);
console.log(
  `unicast browse latency, loopback, ${times.length} runs: p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`,
);
emitBench("zeroconf.browse.p50", percentile(times, 50), "ms", "lower");
