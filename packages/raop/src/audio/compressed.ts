/**
 * MP3, FLAC and Ogg Vorbis sources, decoded in WebAssembly (mpg123-decoder,
 * @wasm-audio-decoders/flac and /ogg-vorbis; loaded only when such a file is streamed), converted
 * to 44.1 kHz/16-bit/stereo big-endian. The first samples are decoded before returning, so a
 * corrupt file fails with AudioFormatError before anything is sent.
 */
import { AudioFormatError } from "../errors.js";
import { OUTPUT_RATE, Resampler, toBigEndian, type ByteReader, type DecodedAudio } from "./source.js";

export type CompressedKind = "mp3" | "flac" | "vorbis";

interface Decoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors: unknown[];
}

interface Decoder {
  decode(bytes: Uint8Array): Decoded | Promise<Decoded>;
  flush?(): Promise<Decoded>;
  free(): void;
}

/** Most input read while looking for the first decodable samples. */
const MAX_PROBE_BYTES = 1024 * 1024;

export function compressedKind(head: Uint8Array): CompressedKind | undefined {
  const text = String.fromCharCode(...head.subarray(0, 4));
  if (text === "fLaC") return "flac";
  if (text === "OggS") return "vorbis";
  if (text.startsWith("ID3")) return "mp3";
  if (head.length >= 2 && head[0] === 0xff && ((head[1] as number) & 0xe0) === 0xe0) return "mp3";
  return undefined;
}

async function createDecoder(kind: CompressedKind): Promise<Decoder> {
  let decoder: Decoder & { ready: Promise<void> };
  if (kind === "mp3") decoder = new (await import("mpg123-decoder")).MPEGDecoder();
  else if (kind === "flac") decoder = new (await import("@wasm-audio-decoders/flac")).FLACDecoder();
  else decoder = new (await import("@wasm-audio-decoders/ogg-vorbis")).OggVorbisDecoder();
  await decoder.ready;
  return decoder;
}

/** Float samples (−1…1) → int16 stereo; mono is duplicated, channels past two are dropped. */
function toStereo16(decoded: Decoded): Int16Array {
  const n = decoded.samplesDecoded;
  const left = decoded.channelData[0];
  const right = decoded.channelData[1] ?? left;
  const out = new Int16Array(n * 2);
  if (!left || !right) return out;
  const q = (x: number): number => Math.max(-32768, Math.min(32767, Math.round(x * 32768)));
  for (let i = 0; i < n; i++) {
    out[2 * i] = q(left[i] ?? 0);
    out[2 * i + 1] = q(right[i] ?? 0);
  }
  return out;
}

export async function openCompressed(reader: ByteReader, kind: CompressedKind): Promise<DecodedAudio> {
  let decoder: Decoder;
  try {
    decoder = await createDecoder(kind);
  } catch (cause) {
    await reader.close();
    throw new AudioFormatError(`cannot load the ${kind} decoder`, { cause });
  }
  let resampler: Resampler | undefined;
  let rate: number | undefined;
  const convert = (decoded: Decoded): Uint8Array | undefined => {
    if (decoded.samplesDecoded === 0) return undefined;
    if (rate === undefined) {
      rate = decoded.sampleRate;
      if (rate !== OUTPUT_RATE) resampler = new Resampler(rate);
    }
    const stereo = toStereo16(decoded);
    return toBigEndian(resampler ? resampler.push(stereo) : stereo);
  };

  // Probe: decode until the first samples arrive.
  const primed: Uint8Array[] = [];
  let probed = 0;
  let ended = false;
  try {
    while (primed.length === 0) {
      const chunk = await reader.next();
      if (chunk.length === 0) {
        ended = true;
        const rest = decoder.flush ? await decoder.flush() : undefined;
        const pcm = rest && convert(rest);
        if (pcm) primed.push(pcm);
        break;
      }
      probed += chunk.length;
      const pcm = convert(await decoder.decode(chunk));
      if (pcm) primed.push(pcm);
      else if (probed > MAX_PROBE_BYTES) break;
    }
  } catch (cause) {
    decoder.free();
    await reader.close();
    throw new AudioFormatError(`corrupt ${kind} data`, { cause });
  }
  if (primed.length === 0) {
    decoder.free();
    await reader.close();
    throw new AudioFormatError(`no audio could be decoded from the ${kind} data`);
  }

  async function* pcm(): AsyncGenerator<Uint8Array> {
    try {
      yield* primed;
      if (ended) return;
      for (;;) {
        const chunk = await reader.next();
        if (chunk.length === 0) break;
        const out = convert(await decoder.decode(chunk));
        if (out) yield out;
      }
      const rest = decoder.flush ? await decoder.flush() : undefined;
      const out = rest && convert(rest);
      if (out) yield out;
    } finally {
      decoder.free();
      await reader.close();
    }
  }
  return { metadata: {}, pcm: pcm() };
}
