/**
 * Group streaming report (`pnpm --filter @atv/raop bench:group`): one RaopGroup streaming L16
 * silence in real time to 1, 2, 4 and 8 receivers that run in another process; prints the
 * sender's CPU (total and per receiver, % of one core; over the whole `stream()` call and over the
 * steady state after a 2 s warm-up, padding excluded), what the receivers got (packets, gaps)
 * and the inter-receiver skew: arrival spread per packet and the sync-mapping difference.
 * RAOP_BENCH_SECONDS sets the audio length (default 10), RAOP_BENCH_RECEIVERS the counts (default
 * 1,2,4,8), RAOP_BENCH_WARMUP_SECONDS the unmeasured warm-up stream first (default 2; 0: cold).
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RaopGroup } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env["RAOP_BENCH_SECONDS"] ?? 10);
/** Steady state starts at the progress event after this many packets (JIT, GC settled). */
const WARMUP_PACKETS = 250;
/** A first unmeasured stream to one receiver (module loading, JIT), as in report.ts. */
const WARMUP_SECONDS = Number(process.env["RAOP_BENCH_WARMUP_SECONDS"] ?? 2);

async function* silence(frames: number): AsyncIterable<Uint8Array> {
  const chunk = new Uint8Array(352 * 4 * 25);
  for (let sent = 0; sent < frames; sent += 352 * 25) yield await Promise.resolve(chunk);
}

interface Stats {
  packets: number[];
  gaps: number;
  maxInterArrivalMs: number;
  retransmitRequests: number;
  arrivalSkewMs: { p50: number; p99: number; max: number };
  mappingSkewMs: number;
}

async function run(count: number, seconds = SECONDS, print = true): Promise<void> {
  const child = spawn(
    process.execPath,
    ["--conditions=@atv/source", "--import", "tsx", join(here, "group-receivers.ts"), String(count)],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const line: IteratorResult<string, unknown> = await lines.next();
    if (line.done) throw new Error("receiver process ended");
    return JSON.parse(line.value) as T;
  };
  const receivers = await next<{ port: number; txt: Record<string, string> }[]>();
  const group = new RaopGroup({ latencyMs: 100 });
  for (const [i, r] of receivers.entries())
    await group.add({ id: `r${i}`, host: "127.0.0.1", port: r.port, properties: r.txt, payload: "L16" });
  let warm: { cpu: NodeJS.CpuUsage; packets: number } | undefined;
  let end: { cpu: NodeJS.CpuUsage; packets: number } | undefined;
  group.on("progress", (p) => {
    if (!warm && p.packetsSent >= WARMUP_PACKETS) warm = { cpu: process.cpuUsage(), packets: p.packetsSent };
    else if (p.framesSent >= 44100 * seconds) end ??= { cpu: process.cpuUsage(), packets: p.packetsSent };
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await group.stream(silence(44100 * seconds));
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  child.stdin.write("stats\n");
  const stats = await next<Stats>();
  child.stdin.end();
  const cpuPercent = ((cpu.user + cpu.system) / 1000 / (wall * 1000)) * 100;
  const s = stats.arrivalSkewMs;
  let steady = "n/a";
  if (warm && end) {
    const ms = (end.cpu.user + end.cpu.system - warm.cpu.user - warm.cpu.system) / 1000;
    const pct = ms / (((end.packets - warm.packets) * 352) / 44100) / 10;
    steady = `${pct.toFixed(2)} % (${(pct / count).toFixed(3)} % per receiver)`;
  }
  if (!print) return;
  console.log(
    `${count} receiver(s): ${wall.toFixed(2)} s wall, sender CPU ${cpuPercent.toFixed(2)} % of a core ` +
      `(${(cpuPercent / count).toFixed(3)} % per receiver), steady state ${steady}; packets ${stats.packets.join("/")}, ` +
      `gaps ${stats.gaps}, longest arrival gap ${stats.maxInterArrivalMs.toFixed(1)} ms, retransmit requests ${stats.retransmitRequests}; arrival skew p50 ${s.p50.toFixed(3)} ms, ` +
      `p99 ${s.p99.toFixed(3)} ms, max ${s.max.toFixed(3)} ms; sync-mapping skew ${stats.mappingSkewMs.toFixed(3)} ms`,
  );
}

const counts = (process.env["RAOP_BENCH_RECEIVERS"] ?? "1,2,4,8").split(",").map(Number);
if (WARMUP_SECONDS > 0) await run(1, WARMUP_SECONDS, false);
for (const count of counts) await run(count);
