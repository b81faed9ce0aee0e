/**
 * RAOP benchmark report (run with `pnpm --filter @atv/raop bench:report`):
 *  1. client CPU per second of audio streamed in real time (L16, 44.1 kHz stereo) to a receiver
 *     in another process, and packet send jitter (actual send time − ideal schedule) p50/p99/max;
 *  2. packetization throughput without pacing (RTP header + payload, L16 and ALAC escape);
 *  3. decode speed of MP3 and FLAC sources (× real time), WAV conversion speed.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Mp3Encoder } from "@breezystack/lamejs";
import { RaopClient, encodeAlacEscape, openAudio, writeAudioHeader } from "../src/index.js";
import { makeFlac } from "../test/helpers/flac.js";
import { makeWav } from "../test/helpers/wav.js";
import { benchCount, emitBench } from "@atv/test-utils/bench";

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env["RAOP_BENCH_SECONDS"] ?? benchCount(10, 3));

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
  const sendTimes: number[] = [];
  const client = new RaopClient({
    host: "127.0.0.1",
    port,
    properties: txt,
    latencyFrames: 352 * 4,
    dropPacket: () => {
      sendTimes.push(performance.now());
      return false;
    },
  });
  await client.connect();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await client.stream(silence(44100 * SECONDS), {});
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await client.close();
  child.stdin.write("stats\n");
  const stats = await next<{ audioPackets: number; bytes: number }>();
  child.stdin.end();
  const start = sendTimes[0] ?? 0;
  const jitter = sendTimes
    .map((t, i) => Math.abs(t - start - (i * 352 * 1000) / 44100))
    .sort((a, b) => a - b);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const audioSeconds = (sendTimes.length * 352) / 44100;
  console.log(
    `streamed ${audioSeconds.toFixed(2)} s of audio in ${wall.toFixed(2)} s wall, ${sendTimes.length} packets (receiver got ${stats.audioPackets})`,
  );
  console.log(
    `client CPU: ${cpuMs.toFixed(1)} ms total = ${(cpuMs / audioSeconds / 10).toFixed(3)} % of one core per second of audio`,
  );
  emitBench("raop.cpu-per-audio-second", cpuMs / audioSeconds, "ms/s", "lower");
  emitBench("raop.jitter.p99", percentile(jitter, 99), "ms", "lower");
  console.log(
    `send jitter vs schedule: p50 ${percentile(jitter, 50).toFixed(3)} ms, p99 ${percentile(jitter, 99).toFixed(3)} ms, max ${(jitter.at(-1) ?? NaN).toFixed(3)} ms`,
  );
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

packetization();
await decodeSpeed();
await streaming();
