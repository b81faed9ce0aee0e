/**
 * Worst-case handler time per datagram size, for the browser and the responder, fed the
 * hostile datagram shapes of issue 13 (test/hostile.ts), plus what a sleep-proxy flood
 * makes a browse send per tick. Prints a table; numbers are recorded in bench/RESULTS.md.
 * Run: pnpm --filter @atv/zeroconf bench:hostile   (ATV_BENCH_SIZES=512,9000 to choose sizes)
 */
import { createSocket } from "node:dgram";
import { BrowseSession, buildZone, decodeMessage, encodeMessage } from "../src/index.js";
import { answerQuery, encodeResponse } from "../src/responder/answer.js";
import { fakeAppleTv, PYATV_TYPES } from "../test/fixtures.js";
import { startLoopbackResponder } from "./fixtures.js";
import { HOSTILE_SHAPES, MAX_UDP_PAYLOAD, sleepProxyFlood } from "../test/hostile.js";

const SIZES = (process.env["ATV_BENCH_SIZES"] ?? `512,1500,9000,16384,32768,${MAX_UDP_PAYLOAD}`)
  .split(",")
  .map(Number);
const RUNS = 5;
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

/** Median of RUNS runs (robust to the scheduler on a shared machine) and the max, in ms. */
function measure(run: () => number): { median: number; max: number; note: string } {
  const times: number[] = [];
  let note = "";
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    try {
      run();
    } catch (error) {
      note = ` (throws ${(error as Error).name})`;
    }
    const ms = performance.now() - t0;
    times.push(ms);
    if (ms > SLOW_MS) break;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor((times.length - 1) / 2)] as number, max: times.at(-1) as number, note };
}

const fmt = (m: { median: number; max: number; note: string }): string =>
  `${m.median.toFixed(2)} (max ${m.max.toFixed(1)})${m.note}`;

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

console.log(`handler time per datagram, ms: median of ${RUNS} runs (max of them in parentheses)`);
const worstBySize = new Map<number, { responder: number; browser: number }>();
for (const [shape, make] of Object.entries(HOSTILE_SHAPES)) {
  console.log(`\n${shape}`);
  console.log("   bytes  responder                 browser");
  SIZES.forEach((size) => {
    const data = make(size);
    const r = measure(() => responderHandle(data));
    const b = measure(() => browserHandle(data));
    const w = worstBySize.get(size) ?? { responder: 0, browser: 0 };
    worstBySize.set(size, {
      responder: Math.max(w.responder, r.median),
      browser: Math.max(w.browser, b.median),
    });
    console.log(`  ${String(data.length).padStart(6)}  ${fmt(r).padEnd(25)} ${fmt(b)}`);
  });
}
console.log("\nworst case over the four shapes (median ms) per datagram size:");
console.log("   bytes  responder  browser");
for (const [size, w] of worstBySize)
  console.log(
    `  ${String(size).padStart(6)}  ${w.responder.toFixed(2).padStart(9)}  ${w.browser.toFixed(2).padStart(7)}`,
  );

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

// What `atv simulate` does: a loopback Responder gets a hostile datagram, then a normal PTR
// query from the same socket; time from sending the hostile datagram to the PTR answer.
const responder = await startLoopbackResponder();
const ptr = encodeMessage({
  id: 4242,
  flags: 0,
  questions: [{ name: "_mediaremotetv._tcp.local", type: 12 }],
  answers: [],
  authorities: [],
  additionals: [],
});
async function ptrAfter(hostile: Uint8Array): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no PTR answer within 5 s")), 5000);
      const t0 = performance.now();
      socket.on("message", (msg) => {
        if (msg.readUInt16BE(0) !== 4242) return;
        clearTimeout(timer);
        resolve(performance.now() - t0);
      });
      socket.send(hostile, responder.port, "127.0.0.1");
      socket.send(ptr, responder.port, "127.0.0.1");
    });
  } finally {
    socket.close();
  }
}
console.log(
  `\nPTR answer right after a hostile datagram (loopback Responder as in atv simulate), worst of 5:`,
);
for (const [shape, make] of Object.entries(HOSTILE_SHAPES)) {
  const data = make(MAX_UDP_PAYLOAD);
  let max = 0;
  for (let i = 0; i < 5; i++) max = Math.max(max, await ptrAfter(data));
  console.log(`  ${shape} (${data.length} B): ${max.toFixed(2)} ms`);
}
console.log(`  responder stats: ${JSON.stringify(responder.stats)}`);
await responder.close();
