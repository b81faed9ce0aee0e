/**
 * RAOP benchmark report (run with `pnpm --filter @atv/raop bench:report`; it builds first):
 *  1. client CPU per second of audio streamed in real time (L16, 44.1 kHz stereo) to a receiver in
 *     another process. The sender is a process of its own that loads the built package
 *     (bench/stream-sender.ts, compiled to plain JS by bench/compile.ts and run without a
 *     TypeScript loader, whose hook thread and its GCs would be counted too): a warm-up stream first (RAOP_BENCH_WARMUP_SECONDS, default 30: JIT,
 *     lazy modules, the packet ring's pages, and V8's memory reducer, which runs a few full GCs in
 *     the first ~25 s of a mostly idle process), then the measured one (RAOP_BENCH_SECONDS,
 *     default 30). CPU = process.cpuUsage (user + system, every thread) over the whole `stream()` call and
 *     over the steady state (from packet 250 to the end of the source), per second of audio.
 *     Started at the same moment, bench/floor-sender.ts measures the floor: a bare Node process that
 *     makes the same sends on the same tick with no RAOP code, so both see the same machine (on
 *     this VM the cost of a wake-up swings 2–3× between runs). RAOP_BENCH_RUNS runs (default 3);
 *     medians are reported. Also send timing against the pacer's schedule: packet i is due at
 *     origin + i × 352 / 44100 s; "lateness" = max(0, sent − due), "lead" = max(0, due − sent).
 *     RAOP_BENCH_TICK_MS / RAOP_BENCH_LEAD_MS override the pacer's defaults, RAOP_BENCH_STREAM_ONLY
 *     skips parts 2 and 3;
 *  2. packetization throughput without pacing (RTP header + payload, L16 and ALAC escape);
 *  3. decode speed of MP3 and FLAC sources (× real time), WAV conversion speed.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Mp3Encoder } from "@breezystack/lamejs";
import { DEFAULT_TICK_MS, encodeAlacEscape, openAudio, writeAudioHeader } from "../src/index.js";
import { makeFlac } from "../test/helpers/flac.js";
import { makeWav } from "../test/helpers/wav.js";
import { benchCount, emitBench } from "@atv/test-utils/bench";
import type { Result } from "./stream-sender.js";
import { median, percentile, range } from "./common.js";
import { compileBenchScripts } from "./compile.js";

const here = dirname(fileURLToPath(import.meta.url));
const env = (name: string): number | undefined =>
  process.env[name] === undefined ? undefined : Number(process.env[name]);
const SECONDS = env("RAOP_BENCH_SECONDS") ?? benchCount(30, 5);
const WARMUP_SECONDS = env("RAOP_BENCH_WARMUP_SECONDS") ?? benchCount(30, 3);
const RUNS = env("RAOP_BENCH_RUNS") ?? benchCount(3, 1);
const TICK_MS = env("RAOP_BENCH_TICK_MS");
const LEAD_MS = env("RAOP_BENCH_LEAD_MS");

/** Runs `node <compiled script> …args` and resolves with its one JSON output line. */
async function child<T>(script: string, args: string[]): Promise<T> {
  const proc = spawn(process.execPath, [script, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  proc.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  const code = await new Promise<number | null>((resolve) => proc.on("close", resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  return JSON.parse(out) as T;
}

async function streaming(): Promise<void> {
  const scripts = await compileBenchScripts(["stream-sender", "floor-sender"]);
  const receiver = spawn(
    process.execPath,
    ["--conditions=@atv/source", "--import", "tsx", join(here, "receiver-process.ts")],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: receiver.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const line: IteratorResult<string, unknown> = await lines.next();
    if (line.done) throw new Error("receiver process ended");
    return JSON.parse(line.value) as T;
  };
  const { port, txt, sinkPort } = await next<{
    port: number;
    txt: Record<string, string>;
    sinkPort: number;
  }>();
  const tickMs = TICK_MS ?? DEFAULT_TICK_MS;
  const runs: { r: Result; floor: number; received: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    receiver.stdin.write("stats\n");
    const before = await next<{ audioPackets: number }>();
    // The floor's window: the sender's steady state starts ~2 s into its measured stream, after
    // its warm-up, RTSP setup and 2 s idle measurement.
    const [r, floor] = await Promise.all([
      child<Result>(scripts["stream-sender"], [
        String(port),
        JSON.stringify(txt),
        String(WARMUP_SECONDS),
        String(SECONDS),
        ...(TICK_MS === undefined ? [""] : [String(TICK_MS)]),
        ...(LEAD_MS === undefined ? [] : [String(LEAD_MS)]),
      ]),
      child<{ percent: number }>(scripts["floor-sender"], [
        String(sinkPort),
        String(tickMs),
        "1",
        String(WARMUP_SECONDS + 4),
        String(Math.max(1, SECONDS - 2)),
      ]),
    ]);
    receiver.stdin.write("stats\n");
    const after = await next<{ audioPackets: number }>();
    runs.push({ r, floor: floor.percent, received: after.audioPackets - before.audioPackets });
    const steady = r.steadyMs / r.steadySeconds / 10;
    console.log(
      `run ${run + 1}: ${r.audioSeconds.toFixed(2)} s of audio, ${r.warmupPackets} + ${r.packets} packets with the warm-up (receiver got ${runs.at(-1)?.received}); ` +
        `CPU whole call ${(r.wholeMs / r.audioSeconds / 10).toFixed(3)} %, steady ${steady.toFixed(3)} %, ` +
        `floor ${floor.percent.toFixed(3)} % of one core; process idle ${r.idlePercent.toFixed(3)} %`,
    );
  }
  receiver.stdin.end();
  const whole = runs.map(({ r }) => r.wholeMs / r.audioSeconds / 10);
  const steady = runs.map(({ r }) => r.steadyMs / r.steadySeconds / 10);
  const floors = runs.map((x) => x.floor);
  const over = runs.map(({ r, floor }) => r.steadyMs / r.steadySeconds / 10 - floor);
  const first = runs[0]?.r;
  console.log(
    `pacer tick ${first?.tickMs} ms, lead ${first?.leadMs} ms; ${RUNS} run(s) of ${SECONDS} s after a ${WARMUP_SECONDS} s warm-up stream`,
  );
  console.log(
    `client CPU per second of audio (% of one core), median (min–max): whole stream() call ${median(whole).toFixed(3)} (${range(whole)}), ` +
      `steady state ${median(steady).toFixed(3)} (${range(steady)})`,
  );
  console.log(
    `floor (bare Node, same sends on the same tick, same moment): ${median(floors).toFixed(3)} (${range(floors)}); ` +
      `steady state above the floor: ${median(over).toFixed(3)} (${range(over)})`,
  );
  console.log(
    `before the first packet (RTSP, first sync): ${median(runs.map(({ r }) => r.firstPacketMs)).toFixed(1)} ms CPU`,
  );
  emitBench("raop.cpu-per-audio-second", median(steady) * 10, "ms/s", "lower");
  emitBench("raop.cpu-floor-per-audio-second", median(floors) * 10, "ms/s", "lower");
  const late = runs.flatMap(({ r }) => r.late).sort((x, y) => x - y);
  const lead = runs.flatMap(({ r }) => r.lead).sort((x, y) => x - y);
  const stat = (v: number[]): string =>
    `p50 ${percentile(v, 50).toFixed(3)} ms, p99 ${percentile(v, 99).toFixed(3)} ms, max ${(v.at(-1) ?? NaN).toFixed(3)} ms`;
  emitBench("raop.jitter.p99", percentile(late, 99), "ms", "lower");
  console.log(`send lateness vs due time: ${stat(late)}`);
  console.log(`send lead (sent early):    ${stat(lead)}`);
}

function packetization(): void {
  const pcm = new Uint8Array(1408).map((_, i) => i & 0xff);
  for (const alac of [false, true]) {
    const n = benchCount(200_000, 50_000);
    const t0 = performance.now();
    let seq = 0;
    for (let i = 0; i < n; i++) {
      const payload = alac ? encodeAlacEscape(pcm) : pcm;
      const packet = new Uint8Array(12 + payload.length);
      writeAudioHeader(packet, i === 0, seq, i * 352, 0x1234);
      packet.set(payload, 12);
      seq = (seq + 1) & 0xffff;
    }
    const s = (performance.now() - t0) / 1000;
    console.log(
      `packetization ${alac ? "ALAC escape" : "L16"}: ${Math.round(n / s).toLocaleString("en")} packets/s = ${((n * 352) / 44100 / s).toFixed(0)}× real time`,
    );
    emitBench(`raop.packetize.${alac ? "alac" : "l16"}`, n / s, "packets/s", "higher");
  }
}

async function decodeSpeed(): Promise<void> {
  const frames = 44100 * 10;
  const left = new Int16Array(frames);
  const right = new Int16Array(frames);
  const inter = new Int16Array(frames * 2);
  for (let i = 0; i < frames; i++) {
    left[i] = Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / 44100));
    right[i] = Math.round(8000 * Math.sin((2 * Math.PI * 660 * i) / 44100));
    inter[2 * i] = left[i] ?? 0;
    inter[2 * i + 1] = right[i] ?? 0;
  }
  const encoder = new Mp3Encoder(2, 44100, 192);
  const mp3 = Buffer.concat([Buffer.from(encoder.encodeBuffer(left, right)), Buffer.from(encoder.flush())]);
  const inputs: [string, Uint8Array][] = [
    ["MP3 192 kb/s", mp3],
    ["FLAC (verbatim)", makeFlac(inter)],
    ["WAV 48 kHz → 44.1 kHz", makeWav({ frames: 48000 * 10, sampleRate: 48000 })],
    ["WAV 44.1 kHz (byte swap)", makeWav({ frames })],
  ];
  for (const [name, bytes] of inputs) {
    const t0 = performance.now();
    const audio = await openAudio(bytes);
    let out = 0;
    for await (const chunk of audio.pcm) out += chunk.length;
    const s = (performance.now() - t0) / 1000;
    console.log(
      `decode ${name}: ${(out / 4 / 44100).toFixed(2)} s of audio in ${(s * 1000).toFixed(0)} ms = ${(out / 4 / 44100 / s).toFixed(0)}× real time`,
    );
    const id = name.split(" ")[0]?.toLowerCase() ?? "audio";
    if (id !== "wav") emitBench(`raop.decode.${id}`, out / 4 / 44100 / s, "x realtime", "higher");
  }
}

// Streaming first, so the garbage of the other parts is not collected inside its measurement.
await streaming();
if (process.env["RAOP_BENCH_STREAM_ONLY"] === undefined) {
  packetization();
  await decodeSpeed();
}
