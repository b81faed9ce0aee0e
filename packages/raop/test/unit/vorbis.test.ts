/**
 * Ogg Vorbis sources (test/fixtures/README.md says how the files were made): length, rate, tone
 * and level after decoding through openAudio, tags, streaming to our receiver, corrupt data.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  AudioFormatError,
  RaopStream,
  openAudio,
  startRaopReceiver,
  type RaopReceiver,
} from "../../src/index.js";

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const STEREO = fixture("tone-stereo-44100.ogg");
const MONO_48K = fixture("tone-mono-48000.ogg");

async function decode(source: string | Uint8Array): Promise<Buffer> {
  const audio = await openAudio(source);
  const chunks: Uint8Array[] = [];
  for await (const c of audio.pcm) chunks.push(c);
  return Buffer.concat(chunks);
}

/** One channel (0 left, 1 right) of big-endian stereo PCM, frames [from, to). */
function channel(pcm: Buffer, c: 0 | 1, from: number, to: number): Float64Array {
  const out = new Float64Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = pcm.readInt16BE(4 * i + 2 * c);
  return out;
}

/** Power at `hz` (Goertzel). */
function power(x: Float64Array, hz: number, rate = 44100): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    const s = v + k * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return s1 * s1 + s2 * s2 - k * s1 * s2;
}

/** Strongest frequency between 100 and 3000 Hz in 10 Hz steps. */
function dominant(x: Float64Array): number {
  let best = 0;
  let bestPower = -1;
  for (let hz = 100; hz <= 3000; hz += 10) {
    const p = power(x, hz);
    if (p > bestPower) [best, bestPower] = [hz, p];
  }
  return best;
}

const rms = (x: Float64Array): number => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);
/** sox `vol 0.5`: amplitude 16384, RMS 16384 / √2. */
const TONE_RMS = 16384 / Math.SQRT2;

describe("Ogg Vorbis decoding", () => {
  it("decodes the 0.5 s stereo fixture to 22050 frames at 44.1 kHz: 440 Hz left, 660 Hz right, at the encoded level", async () => {
    const pcm = await decode(STEREO);
    expect(pcm.length).toBe(22050 * 4);
    const left = channel(pcm, 0, 2000, 20000);
    const right = channel(pcm, 1, 2000, 20000);
    expect(dominant(left)).toBe(440);
    expect(dominant(right)).toBe(660);
    // The other channel's tone is absent: at least 30 dB below.
    expect(power(left, 660)).toBeLessThan(power(left, 440) / 1000);
    expect(power(right, 440)).toBeLessThan(power(right, 660) / 1000);
    expect(rms(left) / TONE_RMS).toBeGreaterThan(0.9);
    expect(rms(left) / TONE_RMS).toBeLessThan(1.1);
    expect(rms(right) / TONE_RMS).toBeGreaterThan(0.9);
    expect(rms(right) / TONE_RMS).toBeLessThan(1.1);
  });

  it("resamples a mono 48 kHz file to 44.1 kHz stereo: same duration, same pitch in both channels", async () => {
    const pcm = await decode(readFileSync(MONO_48K));
    expect(Math.abs(pcm.length / 4 - 22050)).toBeLessThanOrEqual(1);
    const left = channel(pcm, 0, 2000, 20000);
    expect(dominant(left)).toBe(1000); // 1088 Hz if the rate were not converted
    expect(channel(pcm, 1, 2000, 20000)).toEqual(left);
    expect(rms(left) / TONE_RMS).toBeGreaterThan(0.9);
    expect(rms(left) / TONE_RMS).toBeLessThan(1.1);
  });

  it("rejects corrupt Ogg data with AudioFormatError", async () => {
    const bytes = new Uint8Array(readFileSync(STEREO));
    const flipped = bytes.slice();
    for (let i = 100; i < flipped.length; i += 7) flipped[i] = (flipped[i] as number) ^ 0xff;
    const junk = Uint8Array.from([...bytes.subarray(0, 4), ...new Uint8Array(4000).fill(0x5a)]);
    for (const bad of [flipped, junk, bytes.subarray(0, 60)])
      await expect(openAudio(bad)).rejects.toBeInstanceOf(AudioFormatError);
  });
});

describe("Ogg Vorbis through streamFile", () => {
  let receiver: RaopReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  const streamTo = (r: RaopReceiver): RaopStream =>
    new RaopStream({ host: r.host, port: r.port, properties: r.txt(), latencyFrames: 352 * 8 });

  it("streams the decoded file sample for sample with its Vorbis comments as metadata", async () => {
    receiver = await startRaopReceiver();
    await streamTo(receiver).streamFile(STEREO);
    const expected = await decode(STEREO);
    const got = receiver.state.pcm();
    expect(Buffer.from(got.subarray(0, expected.length)).equals(expected)).toBe(true);
    expect(receiver.state.metadata).toEqual({ title: "Vorbis tone", artist: "atv", album: "Fixtures" });
  });

  it("fails with AudioFormatError before any request when the Ogg file is corrupt", async () => {
    receiver = await startRaopReceiver();
    const bad = new Uint8Array(readFileSync(STEREO));
    for (let i = 100; i < bad.length; i += 7) bad[i] = (bad[i] as number) ^ 0xff;
    await expect(streamTo(receiver).streamFile(bad)).rejects.toBeInstanceOf(AudioFormatError);
    expect(receiver.state.requests).toHaveLength(0);
  });
});
