/**
 * Worst-case handler time per datagram size, for the browser and the responder, fed the
 * hostile datagram shapes of issue 13 (test/hostile.ts), plus what a sleep-proxy flood
 * makes a browse send per tick. Prints a table; numbers are recorded in bench/RESULTS.md.
 * Run: pnpm --filter @atv/zeroconf bench:hostile   (ATV_BENCH_SIZES=512,9000 to choose sizes)
 */
import { BrowseSession, buildZone, decodeMessage } from "../src/index.js";
import { answerQuery, encodeResponse } from "../src/responder/answer.js";
import { fakeAppleTv, PYATV_TYPES } from "../test/fixtures.js";
import { HOSTILE_SHAPES, MAX_UDP_PAYLOAD, sleepProxyFlood } from "../test/hostile.js";

const SIZES = (process.env["ATV_BENCH_SIZES"] ?? `512,1500,9000,16384,32768,${MAX_UDP_PAYLOAD}`)
  .split(",")
  .map(Number);
const RUNS = 3;
/** A single run slower than this is not repeated (the unfixed code takes minutes). */
const SLOW_MS = 3000;

const zone = buildZone(fakeAppleTv("127.0.0.1"), { deviceInfoModel: "J105aAP" });

/** What the responder does with one datagram from a legacy source on its unicast socket. */
function responderHandle(data: Uint8Array): number {
  const query = decodeMessage(data);
  const plan = answerQuery(zone, query, { legacy: true, forceUnicast: true });
  let sent = 0;
  if (plan.unicast) for (const d of encodeResponse(plan.unicast)) sent += d.length;
  if (plan.multicast) for (const d of encodeResponse(plan.multicast)) sent += d.length;
  return sent;
}

/** A multicast browse receiving the datagram twice (the second sees a full store). */
function browserHandle(data: Uint8Array): number {
  const session = new BrowseSession({ serviceTypes: PYATV_TYPES });
  const from = { address: "192.0.2.7", port: 5353 };
  let sent = 0;
  for (let i = 0; i < 2; i++)
    for (const o of session.receive(data, from, 1000 + i, false)) sent += o.data.length;
  return sent;
}

function worst(run: () => number): string {
  let max = 0;
  let outcome = "";
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    try {
      run();
    } catch (error) {
      outcome = ` (throws ${(error as Error).name})`;
    }
    const ms = performance.now() - t0;
    max = Math.max(max, ms);
    if (ms > SLOW_MS) break;
  }
  return `${max.toFixed(2)} ms${outcome}`;
}

// Warm up the JIT on small inputs so the first row is not penalised.
for (const make of Object.values(HOSTILE_SHAPES))
  for (let i = 0; i < 20; i++) {
    const d = make(512);
    try {
      responderHandle(d);
    } catch {
      // measured below
    }
    browserHandle(d);
  }

console.log(`worst of ${RUNS} runs per datagram (handler time, synchronous):`);
for (const [shape, make] of Object.entries(HOSTILE_SHAPES)) {
  console.log(`\n${shape}`);
  console.log("  bytes    responder            browser");
  for (const size of SIZES) {
    const data = make(size);
    const r = worst(() => responderHandle(data));
    const b = worst(() => browserHandle(data));
    console.log(`  ${String(data.length).padStart(6)}  ${r.padEnd(20)} ${b}`);
  }
}

// Amplification: 20 sleep-proxy floods from one source, then one tick.
const session = new BrowseSession({ serviceTypes: PYATV_TYPES });
const from = { address: "192.0.2.8", port: 5353 };
const t0 = performance.now();
for (let i = 0; i < 20; i++) session.receive(sleepProxyFlood(MAX_UDP_PAYLOAD, i), from, 1000, false);
const receiveMs = performance.now() - t0;
const t1 = performance.now();
const out = session.tick(2000).filter((o) => o.to.kind === "unicast" && o.to.address === from.address);
const tickMs = performance.now() - t1;
const bytes = out.reduce((n, o) => n + o.data.length, 0);
console.log(
  `\nsleep-proxy flood x20 (${MAX_UDP_PAYLOAD} B each): receive total ${receiveMs.toFixed(1)} ms; ` +
    `next tick ${tickMs.toFixed(1)} ms, sends ${out.length} datagrams / ${bytes} bytes to the source`,
);
