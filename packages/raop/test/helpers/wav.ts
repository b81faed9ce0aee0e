/** Test signals: WAV files built in memory (s16le), and the expected big-endian PCM. */
export interface WavSpec {
  frames: number;
  channels?: number;
  sampleRate?: number;
  /** Sample value for frame i, channel c (int16). */
  sample?: (i: number, c: number) => number;
  info?: { title?: string; artist?: string; album?: string };
}

export const rampSample = (i: number, c: number): number => {
  const v = ((i * 0x0102 + 77 * c) & 0xffff) - 0x8000;
  return c === 1 ? -v - 1 : v;
};

function infoChunk(info: Required<WavSpec>["info"]): Uint8Array {
  const parts: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const [id, value] of [
    ["INAM", info.title],
    ["IART", info.artist],
    ["IPRD", info.album],
  ] as const) {
    if (value === undefined) continue;
    const text = enc.encode(value + "\0");
    const padded = new Uint8Array(8 + text.length + (text.length & 1));
    padded.set(enc.encode(id));
    new DataView(padded.buffer).setUint32(4, text.length, true);
    padded.set(text, 8);
    parts.push(padded);
  }
  const body = new Uint8Array(4 + parts.reduce((n, p) => n + p.length, 0));
  body.set(enc.encode("INFO"));
  let o = 4;
  for (const p of parts) {
    body.set(p, o);
    o += p.length;
  }
  return body;
}

export function makeWav(spec: WavSpec): Uint8Array {
  const channels = spec.channels ?? 2;
  const rate = spec.sampleRate ?? 44100;
  const sample = spec.sample ?? rampSample;
  const dataBytes = spec.frames * channels * 2;
  const list = spec.info ? infoChunk(spec.info) : undefined;
  const listBytes = list ? 8 + list.length : 0;
  const out = new Uint8Array(44 + listBytes + dataBytes);
  const v = new DataView(out.buffer);
  const enc = new TextEncoder();
  out.set(enc.encode("RIFF"), 0);
  v.setUint32(4, out.length - 8, true);
  out.set(enc.encode("WAVEfmt "), 8);
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  let o = 36;
  if (list) {
    out.set(enc.encode("LIST"), o);
    v.setUint32(o + 4, list.length, true);
    out.set(list, o + 8);
    o += 8 + list.length;
  }
  out.set(enc.encode("data"), o);
  v.setUint32(o + 4, dataBytes, true);
  o += 8;
  for (let i = 0; i < spec.frames; i++)
    for (let c = 0; c < channels; c++) {
      v.setInt16(o, sample(i, c), true);
      o += 2;
    }
  return out;
}

/** Expected big-endian stereo PCM for a stereo 44.1 kHz spec. */
export function expectedPcm(spec: WavSpec): Uint8Array {
  const sample = spec.sample ?? rampSample;
  const out = new Uint8Array(spec.frames * 4);
  const v = new DataView(out.buffer);
  for (let i = 0; i < spec.frames; i++) {
    v.setInt16(4 * i, sample(i, 0), false);
    v.setInt16(4 * i + 2, sample(i, 1), false);
  }
  return out;
}
