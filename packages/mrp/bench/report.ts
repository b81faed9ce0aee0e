/**
 * MRP benchmark report (prints numbers; run with `pnpm --filter @atv/mrp bench:report`):
 *  1. encrypted command round trip on loopback (SendCommand → SendCommandResult), p50/p99
 *  2. encrypted request round trip (GENERIC_MESSAGE), p50/p99
 *  3. push updates per second through the client (UPDATE_CONTENT_ITEM → Playing events)
 *  4. client memory per connected client (encrypted, idle), and the fake device's
 * The fake device runs in a child process so the numbers are the client's.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { genericMessage } from "../src/codec/index.js";
import { MrpSetup } from "../src/setup.js";
import type { Playing } from "@atv/core";
import { benchCount, emitBench } from "@atv/test-utils/bench";

const here = dirname(fileURLToPath(import.meta.url));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
const ms = (ns: number): string => `${(ns / 1e6).toFixed(3)} ms`;

const child = spawn(
  process.execPath,
  ["--expose-gc", "--conditions=@atv/source", "--import", "tsx", join(here, "server-process.ts")],
  {
    stdio: ["pipe", "pipe", "inherit"],
  },
);
const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
async function nextLine<T>(): Promise<T> {
  const next: IteratorResult<string> = await lines.next();
  if (next.done) throw new Error("device process ended");
  return JSON.parse(next.value) as T;
}
const ask = async <T>(command: string): Promise<T> => {
  child.stdin.write(`${command}\n`);
  return nextLine<T>();
};

const { port, credentials } = await nextLine<{ port: number; credentials: string }>();
const connect = async (): Promise<MrpSetup> => {
  const setup = new MrpSetup({ host: "127.0.0.1", port, credentials, heartbeatIntervalMs: 0 });
  await setup.connect();
  return setup;
};

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

const main = await connect();
const caps = main.capabilities;
const session = main.client!.session;
console.log(
  `node ${process.version}, ${process.platform}/${process.arch}; session encrypted: ${session.transport.encrypted}`,
);
await timed(
  "encrypted command round trip (play → SendCommandResult)",
  "mrp.rtt.command",
  benchCount(5000, 1000),
  () => caps.remoteControl.play(),
);
await timed("encrypted request round trip (GENERIC_MESSAGE)", "mrp.rtt.request", benchCount(5000, 1000), () =>
  session.request(genericMessage()),
);

// Push path: the device pushes N title changes; count Playing updates until the last title arrives.
caps.pushUpdater.start();
for (const n of [benchCount(20_000, 5_000)]) {
  let updates = 0;
  const last = `t${n - 1}`;
  const done = new Promise<void>((resolve) => {
    const stop = caps.pushUpdater.on("playing", (p: Playing) => {
      updates++;
      if (p.title === last) {
        stop();
        resolve();
      }
    });
  });
  const start = process.hrtime.bigint();
  await ask("burst " + n);
  await done;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `push updates: ${n} UPDATE_CONTENT_ITEM → ${updates} Playing events in ${seconds.toFixed(2)} s = ${Math.round(n / seconds)} updates/s`,
  );
  emitBench("mrp.push.updates", n / seconds, "updates/s", "higher");
}
caps.pushUpdater.stop();

// Memory per connected client (idle, encrypted, after GC).
const gc = (globalThis as { gc?: () => void }).gc;
const clients = benchCount(200, 50);
gc?.();
const before = process.memoryUsage();
const deviceBefore = await ask<{ heapUsed: number; external: number }>("memory");
const setups: MrpSetup[] = [];
for (let i = 0; i < clients; i++) setups.push(await connect());
gc?.();
const after = process.memoryUsage();
const deviceAfter = await ask<{ heapUsed: number; external: number; connections: number }>("memory");
const perClient = (after.heapUsed + after.external - before.heapUsed - before.external) / clients;
const perDevice =
  (deviceAfter.heapUsed + deviceAfter.external - deviceBefore.heapUsed - deviceBefore.external) / clients;
console.log(
  `memory per connected client: ${(perClient / 1024).toFixed(1)} KiB client-side (heap+external, ${clients} clients${gc ? "" : ", no --expose-gc"}); ` +
    `${(perDevice / 1024).toFixed(1)} KiB on the fake device (${deviceAfter.connections} connections)`,
);

emitBench("mrp.memory.per-client", perClient / 1024, "KiB", "lower");

await Promise.all(setups.map((s) => s.close()));
await main.close();
child.stdin.write("quit\n");
