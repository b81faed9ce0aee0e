/**
 * RAOP benchmark report (run with `pnpm --filter @atv/raop bench:report`):
 *  1. client CPU per second of audio streamed in real time (L16, 44.1 kHz stereo) to a receiver
 *     in another process (process.cpuUsage user + system, all threads of the process, over the whole
 *     `stream()` call and over the steady state after a 2 s warm-up, divided by the seconds of audio
 *     sent; after a 2 s warm-up stream, RAOP_BENCH_WARMUP_SECONDS=0 measures a cold process), the
 *     process's idle CPU over 2 s for reference, and send timing against the pacer's schedule. Packet i is due
 *     at origin + i × 352 / 44100 s; the pacer sends, once per tick, every packet due within its
 *     lead window. "Lateness" = max(0, sent − due) per packet (a packet sent early counts 0);
 *     "lead" = max(0, due − sent), how early packets left. Both p50/p99/max over all packets.
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
import { Pacer, RaopClient, encodeAlacEscape, openAudio, writeAudioHeader } from "../src/index.js";
import { makeFlac } from "../test/helpers/flac.js";
import { makeWav } from "../test/helpers/wav.js";
import { benchCount, emitBench } from "@atv/test-utils/bench";

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env["RAOP_BENCH_SECONDS"] ?? benchCount(10, 3));
const env = (name: string): number | undefined =>
  process.env[name] === undefined ? undefined : Number(process.env[name]);
const TICK_MS = env("RAOP_BENCH_TICK_MS");
const WARMUP_PACKETS = 250;
const WARMUP_SECONDS = env("RAOP_BENCH_WARMUP_SECONDS") ?? 2;
const LEAD_MS = env("RAOP_BENCH_LEAD_MS");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function* silence(frames: number): AsyncIterable<Uint8Array> {
  const chunk = new Uint8Array(352 * 4 * 25);
  for (let sent = 0; sent < frames; sent += 352 * 25) yield await Promise.resolve(chunk);
}

async function streaming(): Promise<void> {
  const child = spawn(
    process.execPath,
    ["--conditions=@atv/source", "--import", "tsx", join(here, "receiver-process.ts")],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const line: IteratorResult<string, unknown> = await lines.next();
    if (line.done) throw new Error("receiver process ended");
    return JSON.parse(line.value) as T;
  };
  const { port, txt } = await next<{ port: number; txt: Record<string, string> }>();
  // Warm-up: one short stream first, so the measured one runs in a warm process (JIT, lazy
  // modules), as in a player that streams track after track; then the idle floor of the process.
  if (WARMUP_SECONDS > 0) {
    const warmup = new RaopClient({ host: "127.0.0.1", port, properties: txt, latencyFrames: 352 * 4 });
    await warmup.connect();
    await warmup.stream(silence(44100 * WARMUP_SECONDS), {});
    await warmup.close();
  }
  child.stdin.write("stats\n");
  const before = await next<{ audioPackets: number }>();
  const idle0 = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const idle = process.cpuUsage(idle0);
  const sendTimes = new Float64Array(Math.ceil((44100 * SECONDS) / 352) + 64);
  let sent = 0;
  let firstPacketCpu: NodeJS.CpuUsage | undefined;
  let cpu0 = process.cpuUsage();
  const client = new RaopClient({
    host: "127.0.0.1",
    port,
    properties: txt,
    latencyFrames: 352 * 4,
    dropPacket: () => {
      if (sent === 0) firstPacketCpu = process.cpuUsage(cpu0);
      if (sent < sendTimes.length) sendTimes[sent] = performance.now();
      sent++;
      return false;
    },
  });
  await client.connect();
  // Steady state: from the progress event after WARMUP_PACKETS (JIT, GC and loader threads settled)
  // to the one when the source ends (padding excluded).
  let warm: { cpu: NodeJS.CpuUsage; packets: number } | undefined;
  let end: { cpu: NodeJS.CpuUsage; packets: number } | undefined;
  client.on("progress", (p) => {
    if (!warm && p.packetsSent >= WARMUP_PACKETS) warm = { cpu: process.cpuUsage(), packets: p.packetsSent };
    else if (p.framesSent >= 44100 * SECONDS) end ??= { cpu: process.cpuUsage(), packets: p.packetsSent };
  });
  cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const pacer = new Pacer({
    ...(TICK_MS === undefined ? {} : { tickMs: TICK_MS }),
    ...(LEAD_MS === undefined ? {} : { leadMs: LEAD_MS }),
  });
  await client.stream(silence(44100 * SECONDS), {}, { pacer });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await client.close();
  child.stdin.write("stats\n");
  const stats = await next<{ audioPackets: number; bytes: number }>();
  stats.audioPackets -= before.audioPackets;
  child.stdin.end();
  const n = Math.min(sent, sendTimes.length);
  const late: number[] = [];
  const early: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = (sendTimes[i] ?? 0) - pacer.dueAt(i);
    late.push(Math.max(0, d));
    early.push(Math.max(0, -d));
  }
  late.sort((x, y) => x - y);
  early.sort((x, y) => x - y);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const audioSeconds = (n * 352) / 44100;
  const stat = (v: number[]): string =>
    `p50 ${percentile(v, 50).toFixed(3)} ms, p99 ${percentile(v, 99).toFixed(3)} ms, max ${(v.at(-1) ?? NaN).toFixed(3)} ms`;
  console.log(
    `streamed ${audioSeconds.toFixed(2)} s of audio in ${wall.toFixed(2)} s wall, ${n} packets (receiver got ${stats.audioPackets}); pacer tick ${pacer.tickMs} ms, lead ${pacer.leadMs} ms`,
  );
  console.log(
    `client CPU (process.cpuUsage): user ${(cpu.user / 1000).toFixed(1)} ms + system ${(cpu.system / 1000).toFixed(1)} ms = ${cpuMs.toFixed(1)} ms = ${(cpuMs / audioSeconds / 10).toFixed(3)} % of one core per second of audio`,
  );
  if (firstPacketCpu)
    console.log(
      `of which before the first packet (sync, /feedback, RECORD, FLUSH): ${((firstPacketCpu.user + firstPacketCpu.system) / 1000).toFixed(1)} ms`,
    );
  emitBench("raop.cpu-per-audio-second", cpuMs / audioSeconds, "ms/s", "lower");
  // Lateness (sent − due, early packets count 0): what "jitter" measured before the 50 ms pacer.
  emitBench("raop.jitter.p99", percentile(late, 99), "ms", "lower");
  console.log(
    `process idle floor (2 s, no stream): ${((idle.user + idle.system) / 1000 / 2 / 10).toFixed(3)} % of one core`,
  );
  if (warm && end) {
    const steadyMs = (end.cpu.user + end.cpu.system - warm.cpu.user - warm.cpu.system) / 1000;
    const steadyS = ((end.packets - warm.packets) * 352) / 44100;
    console.log(
      `client CPU steady state (after ${WARMUP_PACKETS} packets, padding excluded): ${steadyMs.toFixed(1)} ms for ${steadyS.toFixed(2)} s = ${(steadyMs / steadyS / 10).toFixed(3)} % of one core per second of audio`,
    );
  }
  console.log(`send lateness vs due time: ${stat(late)}`);
  console.log(`send lead (sent early):    ${stat(early)}`);
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
