/**
 * The measured RAOP sender of bench/report.ts, in a process of its own that loads the built
 * package (`@atv/raop` → dist, as users run it; run `pnpm build` first): a warm-up stream (JIT,
 * lazy modules, the packet ring's pages), the idle floor of the process, then one measured stream
 * of L16 silence in real time. Prints one JSON line (see `Result`).
 *
 * argv: port txtJson warmupSeconds seconds [tickMs] [leadMs]
 */
import { Pacer, RaopClient } from "@atv/raop";
import { SteadyCpu, cpuMs, silence } from "./common.js";

export interface Result {
  /** CPU of the whole `stream()` call and the seconds of audio it sent. */
  wholeMs: number;
  audioSeconds: number;
  /** CPU from the progress event after 250 packets to the one when the source ends. */
  steadyMs: number;
  steadySeconds: number;
  /** CPU before the first audio packet (RTSP requests, first sync). */
  firstPacketMs: number;
  idlePercent: number;
  /** Per packet: lateness max(0, sent − due) and lead max(0, due − sent), ms, sorted. */
  late: number[];
  lead: number[];
  packets: number;
  /** Audio packets of the warm-up stream (padding included). */
  warmupPackets: number;
  tickMs: number;
  leadMs: number;
}

const [portArg, txtArg, warmupArg, secondsArg, tickArg, leadArg] = process.argv.slice(2);
const port = Number(portArg);
const properties = JSON.parse(txtArg ?? "{}") as Record<string, string>;
const WARMUP_SECONDS = Number(warmupArg ?? 10);
const SECONDS = Number(secondsArg ?? 20);

const pacing = {
  ...(tickArg ? { tickMs: Number(tickArg) } : {}),
  ...(leadArg ? { leadMs: Number(leadArg) } : {}),
};

let warmupPackets = 0;
if (WARMUP_SECONDS > 0) {
  const warmup = new RaopClient({
    host: "127.0.0.1",
    port,
    properties,
    latencyFrames: 352 * 4,
    pacing,
    dropPacket: () => {
      warmupPackets++;
      return false;
    },
  });
  await warmup.connect();
  await warmup.stream(silence(44100 * WARMUP_SECONDS), {});
  await warmup.close();
}
const idle0 = process.cpuUsage();
await new Promise((resolve) => setTimeout(resolve, 2000));
const idlePercent = cpuMs(process.cpuUsage(idle0)) / 2 / 10;

const sendTimes = new Float64Array(Math.ceil((44100 * SECONDS) / 352) + 64);
let sent = 0;
let firstPacketMs = 0;
let cpu0 = process.cpuUsage();
const client = new RaopClient({
  host: "127.0.0.1",
  port,
  properties,
  latencyFrames: 352 * 4,
  dropPacket: () => {
    if (sent === 0) firstPacketMs = cpuMs(process.cpuUsage(cpu0));
    if (sent < sendTimes.length) sendTimes[sent] = performance.now();
    sent++;
    return false;
  },
});
await client.connect();
const steady = new SteadyCpu(44100 * SECONDS);
client.on("progress", steady.onProgress);
const pacer = new Pacer(pacing);
cpu0 = process.cpuUsage();
await client.stream(silence(44100 * SECONDS), {}, { pacer });
const wholeMs = cpuMs(process.cpuUsage(cpu0));
await client.close();

const n = Math.min(sent, sendTimes.length);
const late: number[] = [];
const lead: number[] = [];
for (let i = 0; i < n; i++) {
  const d = (sendTimes[i] ?? 0) - pacer.dueAt(i);
  late.push(Math.max(0, d));
  lead.push(Math.max(0, -d));
}
const result: Result = {
  wholeMs,
  audioSeconds: (n * 352) / 44100,
  steadyMs: steady.ms,
  steadySeconds: steady.seconds,
  firstPacketMs,
  idlePercent,
  late: late.sort((x, y) => x - y),
  lead: lead.sort((x, y) => x - y),
  packets: sent,
  warmupPackets,
  tickMs: pacer.tickMs,
  leadMs: pacer.leadMs,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
