/**
 * Group streaming report (`pnpm --filter @atv/raop bench:group`; it builds first): one RaopGroup
 * streaming L16 silence in real time to 1, 2, 4 and 8 receivers that run in another process. The
 * sender is a process of its own that loads the built package (bench/group-sender.ts, compiled to
 * plain JS and run without a TypeScript loader) and stays up for every run. Prints the sender's CPU (total and per receiver, % of one core; over the whole `stream()` call and over the
 * steady state after a 2 s warm-up, padding excluded), what the receivers got (packets, gaps)
 * and the inter-receiver skew: arrival spread per packet and the sync-mapping difference.
 * RAOP_BENCH_SECONDS sets the audio length (default 15), RAOP_BENCH_RECEIVERS the counts (default
 * 1,2,4,8), RAOP_BENCH_WARMUP_SECONDS the unmeasured warm-up stream first (default 30; 0: cold),
 * RAOP_BENCH_RUNS the runs per count (default 3; medians are printed). bench:report measures the
 * floor of one stream.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_TICK_MS } from "../src/index.js";
import { median, range } from "./common.js";
import { compileBenchScripts } from "./compile.js";
import type { GroupJob, GroupRun } from "./group-sender.js";

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env["RAOP_BENCH_SECONDS"] ?? 15);
/**
 * A first unmeasured stream to one receiver (module loading, JIT, and V8's memory reducer, which
 * runs a few full GCs in the first ~25 s of a mostly idle process), as in report.ts.
 */
const WARMUP_SECONDS = Number(process.env["RAOP_BENCH_WARMUP_SECONDS"] ?? 30);
const RUNS = Number(process.env["RAOP_BENCH_RUNS"] ?? 3);

interface Stats {
  packets: number[];
  gaps: number;
  maxInterArrivalMs: number;
  retransmitRequests: number;
  arrivalSkewMs: { p50: number; p99: number; max: number };
  mappingSkewMs: number;
}

interface RunResult {
  wholePercent: number;
  steadyPercent: number;
  line: string;
}

const scripts = await compileBenchScripts(["group-sender"]);
const sender = spawn(process.execPath, [scripts["group-sender"]], { stdio: ["pipe", "pipe", "inherit"] });
const senderLines = createInterface({ input: sender.stdout })[Symbol.asyncIterator]();

/** Runs one job in the sender process and resolves with its result line. */
async function send(job: GroupJob): Promise<GroupRun> {
  sender.stdin.write(`${JSON.stringify(job)}\n`);
  const line: IteratorResult<string, unknown> = await senderLines.next();
  if (line.done) throw new Error("sender process ended");
  return JSON.parse(line.value) as GroupRun;
}

async function run(count: number, seconds = SECONDS): Promise<RunResult> {
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
  const { receivers } = await next<{ receivers: { port: number; txt: Record<string, string> }[] }>();
  const { wholePercent, steadyPercent, wallSeconds: wall } = await send({ receivers, seconds });
  child.stdin.write("stats\n");
  const stats = await next<Stats>();
  child.stdin.end();
  const s = stats.arrivalSkewMs;
  return {
    wholePercent,
    steadyPercent,
    line:
      `${count} receiver(s): ${wall.toFixed(2)} s wall, sender CPU ${wholePercent.toFixed(2)} % of a core, steady ${steadyPercent.toFixed(2)} %; ` +
      `packets ${stats.packets.join("/")}, gaps ${stats.gaps}, longest arrival gap ${stats.maxInterArrivalMs.toFixed(1)} ms, ` +
      `retransmit requests ${stats.retransmitRequests}; arrival skew p50 ${s.p50.toFixed(3)} ms, p99 ${s.p99.toFixed(3)} ms, ` +
      `max ${s.max.toFixed(3)} ms; sync-mapping skew ${stats.mappingSkewMs.toFixed(3)} ms`,
  };
}

const counts = (process.env["RAOP_BENCH_RECEIVERS"] ?? "1,2,4,8").split(",").map(Number);
if (WARMUP_SECONDS > 0) await run(1, WARMUP_SECONDS);
const rows: string[] = [];
for (const count of counts) {
  const results: RunResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await run(count);
    console.log(r.line);
    results.push(r);
  }
  const whole = median(results.map((r) => r.wholePercent));
  const steady = median(results.map((r) => r.steadyPercent));
  rows.push(
    `| ${count} | ${whole.toFixed(2)} / ${(whole / count).toFixed(3)} | ${steady.toFixed(2)} (${range(results.map((r) => r.steadyPercent))}) / ${(steady / count).toFixed(3)} |`,
  );
}
console.log(
  `\nmedians of ${RUNS} run(s), % of one core (total / per receiver), pacer tick ${DEFAULT_TICK_MS} ms:`,
);
console.log("| receivers | whole stream() call | steady state (min–max) |");
console.log("|---|---|---|");
for (const row of rows) console.log(row);
sender.stdin.end();
