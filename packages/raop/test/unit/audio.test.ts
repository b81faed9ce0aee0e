import { describe, expect, it } from "vitest";
import { AudioFormatError, openAudio } from "../../src/index.js";
import { makeWav } from "../helpers/wav.js";

async function collect(source: Parameters<typeof openAudio>[0]): Promise<{ pcm: Buffer; metadata: object }> {
  const audio = await openAudio(source);
  const chunks: Uint8Array[] = [];
  for await (const c of audio.pcm) chunks.push(c);
  return { pcm: Buffer.concat(chunks), metadata: audio.metadata };
}

async function* pieces(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let o = 0; o < bytes.length; o += size) yield await Promise.resolve(bytes.subarray(o, o + size));
}

describe("audio sources", () => {
  it("reads WAV tags and duration, however the bytes are chunked", async () => {
    const wav = makeWav({ frames: 44100, info: { title: "T", artist: "A", album: "B" } });
    const whole = await collect(wav);
    expect(whole.metadata).toEqual({ title: "T", artist: "A", album: "B", duration: 1 });
    for (const size of [1, 7, 4096])
      expect((await collect(pieces(wav, size))).pcm.equals(whole.pcm)).toBe(true);
  });

  it("duplicates mono into both channels and converts 48 kHz to 44.1 kHz", async () => {
    const mono = await collect(makeWav({ frames: 100, channels: 1, sample: (i) => i * 100 }));
    expect(mono.pcm.length).toBe(400);
    expect(mono.pcm.readInt16BE(4 * 7)).toBe(700);
    expect(mono.pcm.readInt16BE(4 * 7 + 2)).toBe(700);
    const hi = await collect(makeWav({ frames: 48000, sampleRate: 48000, sample: () => 1000 }));
    expect(Math.abs(hi.pcm.length / 4 - 44100)).toBeLessThanOrEqual(1);
    expect(hi.pcm.readInt16BE(4 * 20000)).toBe(1000);
  });

  it("treats header-less bytes as raw s16le PCM", async () => {
    const raw = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...(await collect(pieces(raw, 3))).pcm]).toEqual([2, 1, 4, 3, 6, 5, 8, 7]);
  });

  it("rejects corrupt or unsupported files with AudioFormatError", async () => {
    const wav = makeWav({ frames: 10 });
    await expect(collect(wav.subarray(0, 30))).rejects.toBeInstanceOf(AudioFormatError);
    const adpcm = makeWav({ frames: 10 });
    adpcm[20] = 2;
    await expect(collect(adpcm)).rejects.toBeInstanceOf(AudioFormatError);
    await expect(
      collect(Uint8Array.from([...Buffer.from("ID3"), 0, 0, 0, 0, 0, 0, 0, 0, 0])),
    ).rejects.toBeInstanceOf(AudioFormatError);
  });
});
