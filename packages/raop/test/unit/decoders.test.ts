/** Compressed sources: FLAC (bit-exact), MP3 (length and rate), corrupt data → AudioFormatError. */
import { Mp3Encoder } from "@breezystack/lamejs";
import { describe, expect, it } from "vitest";
import { AudioFormatError, openAudio } from "../../src/index.js";
import { makeFlac } from "../helpers/flac.js";

async function collect(bytes: Uint8Array): Promise<Buffer> {
  const audio = await openAudio(bytes);
  const chunks: Uint8Array[] = [];
  for await (const c of audio.pcm) chunks.push(c);
  return Buffer.concat(chunks);
}

function signal(frames: number): Int16Array {
  const out = new Int16Array(frames * 2);
  for (let i = 0; i < frames; i++) {
    out[2 * i] = Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / 44100));
    out[2 * i + 1] = ((i * 97) % 20000) - 10000;
  }
  return out;
}

describe("compressed sources", () => {
  it("decodes FLAC sample for sample", async () => {
    const samples = signal(10_000);
    const pcm = await collect(makeFlac(samples));
    expect(pcm.length).toBe(samples.length * 2);
    for (let i = 0; i < samples.length; i++)
      if (pcm.readInt16BE(2 * i) !== samples[i]) expect.fail(`sample ${i} differs`);
  });

  it("decodes MP3 to about the encoded length at 44.1 kHz", async () => {
    const frames = 44100;
    const samples = signal(frames);
    const left = new Int16Array(frames);
    const right = new Int16Array(frames);
    for (let i = 0; i < frames; i++) {
      left[i] = samples[2 * i] ?? 0;
      right[i] = samples[2 * i + 1] ?? 0;
    }
    const encoder = new Mp3Encoder(2, 44100, 128);
    const mp3 = Buffer.concat([Buffer.from(encoder.encodeBuffer(left, right)), Buffer.from(encoder.flush())]);
    const pcm = await collect(mp3);
    const decodedFrames = pcm.length / 4;
    expect(Math.abs(decodedFrames - frames)).toBeLessThan(2 * 1152 + 576);
    // The 440 Hz tone survives: the left channel has large swings.
    let peak = 0;
    for (let i = 2000; i < 20000; i++) peak = Math.max(peak, Math.abs(pcm.readInt16BE(4 * i)));
    expect(peak).toBeGreaterThan(9000);
  });

  it("rejects corrupt FLAC and MP3 data with AudioFormatError before streaming", async () => {
    const flac = makeFlac(signal(100));
    const junk = Uint8Array.from([...flac.subarray(0, 8), ...new Uint8Array(4000).fill(0x5a)]);
    await expect(openAudio(junk)).rejects.toBeInstanceOf(AudioFormatError);
    const mp3 = Uint8Array.from([
      ...Buffer.from("ID3"),
      3,
      0,
      0,
      0,
      0,
      0,
      0,
      ...new Uint8Array(4000).fill(0x11),
    ]);
    await expect(openAudio(mp3)).rejects.toBeInstanceOf(AudioFormatError);
  });
});

describe("tags", () => {
  it("reads ID3 title/artist/album and the duration of an MP3 given as bytes", async () => {
    const { readTags } = await import("../../src/audio/tags.js");
    const frame = (id: string, text: string): Buffer => {
      const body = Buffer.concat([Buffer.from([0]), Buffer.from(text, "latin1")]);
      const head = Buffer.alloc(10);
      head.write(id, 0, "latin1");
      head.writeUInt32BE(body.length, 4);
      return Buffer.concat([head, body]);
    };
    const frames = Buffer.concat([frame("TIT2", "Tagged"), frame("TPE1", "Singer"), frame("TALB", "Record")]);
    const size = frames.length;
    const header = Buffer.from([
      0x49,
      0x44,
      0x33,
      3,
      0,
      0,
      (size >> 21) & 0x7f,
      (size >> 14) & 0x7f,
      (size >> 7) & 0x7f,
      size & 0x7f,
    ]);
    const encoder = new Mp3Encoder(2, 44100, 128);
    const pcm = new Int16Array(44100);
    const mp3 = Buffer.concat([
      header,
      frames,
      Buffer.from(encoder.encodeBuffer(pcm, pcm)),
      Buffer.from(encoder.flush()),
    ]);
    const tags = await readTags(mp3);
    expect(tags).toMatchObject({ title: "Tagged", artist: "Singer", album: "Record" });
    expect(tags.duration).toBeGreaterThan(0.9);
    expect(tags.duration).toBeLessThan(1.2);
    expect(await readTags("https://example.invalid/x.mp3")).toEqual({});
  });
});
