/**
 * Companion benchmark report (prints numbers; `pnpm --filter @atv/companion bench:report`):
 *  1. OPACK encode/decode throughput (messages/s and MB/s) for typical messages
 *  2. encrypted request round trips on loopback (FetchAttentionState; the app list), p50/p99
 * The fake device runs in a child process so the numbers are the client's.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeOpack, encodeOpack, type OpackObject } from "../src/codec/index.js";
import { CompanionClient } from "../src/client.js";
import { benchCount, emitBench } from "@atv/test-utils/bench";
import { appList, hidRequest } from "./samples.js";

const here = dirname(fileURLToPath(import.meta.url));
const ms = (ns: number): string => `${(ns / 1e6).toFixed(3)} ms`;
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function throughput(label: string, value: OpackObject): void {
  const bytes = encodeOpack(value);
  for (const [what, run] of [
    ["encode", () => encodeOpack(value)],
    ["decode", () => decodeOpack(bytes)],
  ] as const) {
    for (let i = 0; i < 2000; i++) run();
    const n = benchCount(100_000, 20_000);
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) run();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(
      `OPACK ${what} ${label} (${bytes.length} B): ${Math.round(n / seconds).toLocaleString("en")} msg/s, ` +
        `${((n * bytes.length) / seconds / 1e6).toFixed(1)} MB/s`,
    );
  }
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
throughput("_hidC request", hidRequest);
throughput("60-app list", appList);

const child = spawn(
  process.execPath,
  ["--conditions=@atv/source", "--import", "tsx", join(here, "server-process.ts")],
  {
    stdio: ["pipe", "pipe", "inherit"],
  },
);
const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
const first = await lines.next();
const { port, credentials } = JSON.parse(String(first.value)) as { port: number; credentials: string };
const client = await CompanionClient.connect("127.0.0.1", port, { credentials });

async function timed(
  label: string,
  id: string,
  iterations: number,
  run: () => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < benchCount(500, 100); i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start));
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${label}: p50 ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))}, n=${iterations}`,
  );
  emitBench(`${id}.p50`, percentile(samples, 50) / 1e6, "ms", "lower");
  emitBench(`${id}.p99`, percentile(samples, 99) / 1e6, "ms", "lower");
}

console.log(`session encrypted: ${client.session.connection.encrypted}`);
await timed(
  "encrypted request round trip (FetchAttentionState)",
  "companion.rtt.attention",
  benchCount(5000, 1000),
  () => client.request("FetchAttentionState"),
);
await timed(
  "encrypted request round trip (FetchLaunchableApplicationsEvent)",
  "companion.rtt.app-list",
  benchCount(5000, 1000),
  () => client.request("FetchLaunchableApplicationsEvent"),
);
await client.close();
child.stdin.write("quit\n");
