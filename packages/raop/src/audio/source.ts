/**
 * Audio sources for streamFile: a path, an http(s) URL (streamed), `-` (stdin), bytes or any async
 * iterable of bytes. WAV (PCM 8/16/24/32-bit integer or 32-bit float, any channel count/rate) is
 * parsed here; MP3/FLAC/Ogg Vorbis go to ./compressed.ts; other bytes (streams, URLs, .pcm/.raw)
 * are taken as raw PCM s16le/44100/2. The output is
 * always 44.1 kHz/16-bit/stereo big-endian, untouched when the input already is 44.1 kHz/16-bit/stereo.
 */
import { createReadStream } from "node:fs";
import { AudioFormatError } from "../errors.js";
import { compressedKind, openCompressed } from "./compressed.js";

export type AudioSource = string | Uint8Array | AsyncIterable<Uint8Array>;

export interface SourceMetadata {
  title?: string;
  artist?: string;
  album?: string;
  /** Seconds, when known. */
  duration?: number;
}

export interface DecodedAudio {
  readonly metadata: SourceMetadata;
  /** Big-endian s16 stereo 44.1 kHz PCM, in chunks of whole frames. */
  readonly pcm: AsyncIterable<Uint8Array>;
}

/** Most bytes accepted before the WAV `data` chunk (tags, fmt, …). */
const MAX_HEADER_BYTES = 1024 * 1024;
export const OUTPUT_RATE = 44100;

function fromBytes(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]: () => {
      let o = 0;
      return {
        next: (): Promise<IteratorResult<Uint8Array>> => {
          if (o >= bytes.length) return Promise.resolve({ done: true, value: undefined });
          const value = bytes.subarray(o, o + 65536);
          o += value.length;
          return Promise.resolve({ done: false, value });
        },
      };
    },
  };
}

async function* fromUrl(url: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
  const response = await fetch(url, signal ? { signal } : {});
  if (!response.ok || !response.body) throw new AudioFormatError(`GET ${url} answered ${response.status}`);
  const reader = response.body.getReader();
  try {
    for (;;) {
      const result: IteratorResult<Uint8Array, unknown> = (await reader.read()) as IteratorResult<
        Uint8Array,
        unknown
      >;
      if (result.done) return;
      yield result.value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Bytes of a source. */
export function sourceBytes(source: AudioSource, signal?: AbortSignal): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) return fromBytes(source);
  if (typeof source !== "string") return source;
  if (source === "-") return process.stdin;
  if (/^https?:\/\//i.test(source)) return fromUrl(source, signal);
  return createReadStream(source, { highWaterMark: 65536 });
}

/** Pulls exact byte counts out of an async byte stream. */
export class ByteReader {
  readonly #it: AsyncIterator<Uint8Array>;
  #buf: Uint8Array = new Uint8Array(0);
  #done = false;
  constructor(source: AsyncIterable<Uint8Array>) {
    this.#it = source[Symbol.asyncIterator]();
  }
  get buffered(): number {
    return this.#buf.length;
  }
  /** Fills the buffer to at least n bytes unless the stream ends; returns what is buffered. */
  async fill(n: number): Promise<Uint8Array> {
    while (this.#buf.length < n && !this.#done) {
      const result: IteratorResult<Uint8Array, unknown> = await this.#it.next();
      if (result.done) this.#done = true;
      else if (result.value.length > 0) {
        const value = result.value;
        const next = new Uint8Array(this.#buf.length + value.length);
        next.set(this.#buf);
        next.set(value, this.#buf.length);
        this.#buf = next;
      }
    }
    return this.#buf;
  }
  take(n: number): Uint8Array {
    const out = this.#buf.subarray(0, n);
    this.#buf = this.#buf.subarray(n);
    return out;
  }
  /** Next chunk: whatever is buffered, else the next piece from the stream (empty at the end). */
  async next(): Promise<Uint8Array> {
    if (this.#buf.length > 0) return this.take(this.#buf.length);
    if (this.#done) return new Uint8Array(0);
    const result: IteratorResult<Uint8Array, unknown> = await this.#it.next();
    if (result.done) {
      this.#done = true;
      return new Uint8Array(0);
    }
    return result.value;
  }
  async close(): Promise<void> {
    await this.#it.return?.();
  }
}

export interface WavFormat {
  readonly encoding: "int" | "float";
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
}

const ascii = (b: Uint8Array, o: number, n: number): string => String.fromCharCode(...b.subarray(o, o + n));

function parseFmt(chunk: Uint8Array): WavFormat {
  if (chunk.length < 16) throw new AudioFormatError("WAV fmt chunk is too short");
  const v = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  let tag = v.getUint16(0, true);
  const channels = v.getUint16(2, true);
  const sampleRate = v.getUint32(4, true);
  const bitsPerSample = v.getUint16(14, true);
  if (tag === 0xfffe) {
    if (chunk.length < 26) throw new AudioFormatError("WAV extensible fmt chunk is too short");
    tag = v.getUint16(24, true);
  }
  if (channels < 1 || channels > 8) throw new AudioFormatError(`WAV with ${channels} channels`);
  if (sampleRate < 1000 || sampleRate > 384000) throw new AudioFormatError(`WAV sample rate ${sampleRate}`);
  if (tag === 1 && [8, 16, 24, 32].includes(bitsPerSample))
    return { encoding: "int", channels, sampleRate, bitsPerSample };
  if (tag === 3 && bitsPerSample === 32) return { encoding: "float", channels, sampleRate, bitsPerSample };
  throw new AudioFormatError(`unsupported WAV encoding (format ${tag}, ${bitsPerSample} bits)`);
}

function parseInfo(chunk: Uint8Array, into: SourceMetadata): void {
  if (chunk.length < 4 || ascii(chunk, 0, 4) !== "INFO") return;
  const text = new TextDecoder("utf-8");
  for (let o = 4; o + 8 <= chunk.length;) {
    const id = ascii(chunk, o, 4);
    const len = new DataView(chunk.buffer, chunk.byteOffset + o + 4, 4).getUint32(0, true);
    if (len > chunk.length - o - 8) return;
    const value = text.decode(chunk.subarray(o + 8, o + 8 + len)).replace(/\0+$/, "");
    if (id === "INAM") into.title = value;
    else if (id === "IART") into.artist = value;
    else if (id === "IPRD") into.album = value;
    o += 8 + len + (len & 1);
  }
}

/** Reads the WAV header up to the data chunk. */
async function readWavHeader(
  reader: ByteReader,
): Promise<{ format: WavFormat; dataBytes: number | undefined; metadata: SourceMetadata }> {
  const head = await reader.fill(12);
  if (head.length < 12 || ascii(head, 0, 4) !== "RIFF" || ascii(head, 8, 4) !== "WAVE")
    throw new AudioFormatError("not a RIFF/WAVE file");
  reader.take(12);
  let consumed = 12;
  let format: WavFormat | undefined;
  const metadata: SourceMetadata = {};
  for (;;) {
    const h = await reader.fill(8);
    if (h.length < 8) throw new AudioFormatError("WAV file has no data chunk");
    const id = ascii(h, 0, 4);
    const size = new DataView(h.buffer, h.byteOffset + 4, 4).getUint32(0, true);
    reader.take(8);
    consumed += 8;
    if (id === "data") {
      if (!format) throw new AudioFormatError("WAV data chunk before fmt chunk");
      // 0 and 0xFFFFFFFF mean "unknown" (streamed WAV): read to the end.
      const dataBytes = size === 0 || size === 0xffffffff ? undefined : size;
      if (dataBytes !== undefined) {
        const frameBytes = (format.bitsPerSample / 8) * format.channels;
        metadata.duration = Math.floor(dataBytes / frameBytes) / format.sampleRate;
      }
      return { format, dataBytes, metadata };
    }
    const padded = size + (size & 1);
    consumed += padded;
    if (consumed > MAX_HEADER_BYTES) throw new AudioFormatError("WAV header chunks exceed 1 MiB");
    const body = await reader.fill(padded);
    if (body.length < padded) throw new AudioFormatError(`WAV chunk ${JSON.stringify(id)} is truncated`);
    const chunk = reader.take(padded).subarray(0, size);
    if (id === "fmt ") format = parseFmt(chunk);
    else if (id === "LIST") parseInfo(chunk, metadata);
  }
}

/** Converts interleaved input samples to float-free int16 stereo; resampling happens afterwards. */
function toStereo16(bytes: Uint8Array, f: WavFormat): Int16Array {
  const bps = f.bitsPerSample / 8;
  const frames = Math.floor(bytes.length / (bps * f.channels));
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int16Array(frames * 2);
  const sample = (i: number): number => {
    const o = i * bps;
    if (f.encoding === "float") {
      const x = Math.max(-1, Math.min(1, v.getFloat32(o, true)));
      return Math.round(x < 0 ? x * 32768 : x * 32767);
    }
    switch (bps) {
      case 1:
        return ((bytes[o] as number) - 128) << 8;
      case 2:
        return v.getInt16(o, true);
      case 3:
        return v.getInt16(o + 1, true);
      default:
        return v.getInt16(o + 2, true);
    }
  };
  for (let i = 0; i < frames; i++) {
    const base = i * f.channels;
    const l = sample(base);
    const r = f.channels === 1 ? l : sample(base + 1);
    out[2 * i] = l;
    out[2 * i + 1] = r;
  }
  return out;
}

/** Linear-interpolating resampler for stereo int16 with state across chunks. */
export class Resampler {
  readonly #step: number;
  #pos = 0;
  #last: [number, number] | undefined;
  constructor(inRate: number) {
    this.#step = inRate / OUTPUT_RATE;
  }
  push(input: Int16Array): Int16Array {
    const prev = this.#last;
    const n = input.length / 2;
    const at = (i: number, c: 0 | 1): number =>
      i < 0 ? (prev ? prev[c] : (input[c] ?? 0)) : (input[2 * i + c] ?? 0);
    const out: number[] = [];
    // #pos is relative to the start of this chunk, where index -1 is the previous chunk's last frame.
    while (this.#pos <= n - 1) {
      const i = Math.floor(this.#pos);
      const frac = this.#pos - i;
      for (const c of [0, 1] as const) {
        const a = at(i, c);
        const b = i + 1 <= n - 1 ? at(i + 1, c) : a;
        out.push(Math.round(a + (b - a) * frac));
      }
      this.#pos += this.#step;
    }
    this.#pos -= n;
    if (n > 0) this.#last = [input[2 * n - 2] ?? 0, input[2 * n - 1] ?? 0];
    return Int16Array.from(out);
  }
}

export function toBigEndian(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const v = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) v.setInt16(2 * i, samples[i] as number, false);
  return out;
}

/** Fast path: s16le stereo → s16be stereo is a byte swap. */
function swap16(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1] as number;
    out[i + 1] = bytes[i] as number;
  }
  return out;
}

async function* pcmStream(
  reader: ByteReader,
  format: WavFormat,
  dataBytes: number | undefined,
): AsyncGenerator<Uint8Array> {
  const frameBytes = (format.bitsPerSample / 8) * format.channels;
  const passthrough =
    format.encoding === "int" &&
    format.bitsPerSample === 16 &&
    format.channels === 2 &&
    format.sampleRate === OUTPUT_RATE;
  const resampler = format.sampleRate === OUTPUT_RATE ? undefined : new Resampler(format.sampleRate);
  let remaining = dataBytes ?? Number.POSITIVE_INFINITY;
  let carry = new Uint8Array(0);
  try {
    while (remaining > 0) {
      let chunk = await reader.next();
      if (chunk.length === 0) break;
      if (chunk.length > remaining) chunk = chunk.subarray(0, remaining);
      remaining -= chunk.length;
      if (carry.length > 0) {
        const joined = new Uint8Array(carry.length + chunk.length);
        joined.set(carry);
        joined.set(chunk, carry.length);
        chunk = joined;
      }
      const whole = chunk.length - (chunk.length % frameBytes);
      carry = chunk.slice(whole);
      const body = chunk.subarray(0, whole);
      if (body.length === 0) continue;
      if (passthrough) yield swap16(body);
      else {
        const stereo = toStereo16(body, format);
        yield toBigEndian(resampler ? resampler.push(stereo) : stereo);
      }
    }
  } finally {
    await reader.close();
  }
}

const RAW_FORMAT: WavFormat = { encoding: "int", channels: 2, sampleRate: OUTPUT_RATE, bitsPerSample: 16 };

/**
 * Opens and decodes a source. Header problems (not a supported WAV, corrupt chunks) throw
 * AudioFormatError here, before anything is sent.
 */
export async function openAudio(source: AudioSource, signal?: AbortSignal): Promise<DecodedAudio> {
  const reader = new ByteReader(sourceBytes(source, signal));
  const head = await reader.fill(12);
  if (head.length >= 4 && ascii(head, 0, 4) === "RIFF") {
    const { format, dataBytes, metadata } = await readWavHeader(reader);
    return { metadata, pcm: pcmStream(reader, format, dataBytes) };
  }
  const kind = compressedKind(head);
  if (kind) return openCompressed(reader, kind);
  if (
    typeof source === "string" &&
    source !== "-" &&
    !/^https?:/i.test(source) &&
    !/\.(pcm|raw)$/i.test(source)
  ) {
    await reader.close();
    throw new AudioFormatError(
      `${source}: unsupported audio file (WAV, MP3, FLAC, Ogg Vorbis or raw .pcm/.raw)`,
    );
  }
  return { metadata: {}, pcm: pcmStream(reader, RAW_FORMAT, undefined) };
}
