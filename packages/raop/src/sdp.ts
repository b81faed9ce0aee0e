/** ANNOUNCE SDP bodies (raop.md §5) and RTSP Transport headers (§4). */
import { MalformedRaopMessageError } from "./errors.js";

/** How audio is packed: raw big-endian PCM or ALAC "uncompressed escape" frames. */
export type PayloadFormat = "L16" | "ALAC";

export interface AudioFormat {
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitsPerSample: number;
}

export const DEFAULT_FORMAT: AudioFormat = { sampleRate: 44100, channels: 2, bitsPerSample: 16 };
export const FRAMES_PER_PACKET = 352;

export interface SdpOptions {
  readonly sessionId: number;
  readonly localAddress: string;
  readonly remoteAddress: string;
  readonly payload: PayloadFormat;
  readonly format?: AudioFormat;
  /**
   * Add the ALAC `a=fmtp` line to an L16 body as pyatv 0.18 does. Off by default: shairport-sync
   * decodes any stream with an fmtp line as ALAC (raop.md §5), so L16 goes without it.
   */
  readonly l16Fmtp?: boolean;
}

export function buildSdp(o: SdpOptions): string {
  const f = o.format ?? DEFAULT_FORMAT;
  const ip = (a: string): string => (a.includes(":") ? `IP6 ${a}` : `IP4 ${a}`);
  const fmtp = `a=fmtp:96 ${FRAMES_PER_PACKET} 0 ${f.bitsPerSample} 40 10 14 ${f.channels} 255 0 0 ${f.sampleRate}`;
  const lines = [
    "v=0",
    `o=iTunes ${o.sessionId} 0 IN ${ip(o.localAddress)}`,
    "s=iTunes",
    `c=IN ${ip(o.remoteAddress)}`,
    "t=0 0",
    "m=audio 0 RTP/AVP 96",
  ];
  if (o.payload === "ALAC") lines.push("a=rtpmap:96 AppleLossless", fmtp);
  else {
    lines.push(`a=rtpmap:96 L16/${f.sampleRate}/${f.channels}`);
    if (o.l16Fmtp) lines.push(fmtp);
  }
  return lines.map((l) => `${l}\r\n`).join("");
}

export interface ParsedSdp {
  readonly payload: PayloadFormat;
  readonly format: AudioFormat;
  readonly framesPerPacket: number;
  readonly encrypted: boolean;
}

const MAX_SDP_BYTES = 16 * 1024;

/** Receiver side: what the sender announced. MalformedRaopMessageError for anything else. */
export function parseSdp(text: string): ParsedSdp {
  if (text.length > MAX_SDP_BYTES) throw new MalformedRaopMessageError("SDP body too large");
  const attrs = new Map<string, string>();
  let hasAudio = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("m=audio")) hasAudio = true;
    const m = /^a=([a-zA-Z-]+):(.*)$/.exec(line);
    if (m) attrs.set((m[1] as string).toLowerCase(), (m[2] as string).trim());
  }
  if (!hasAudio) throw new MalformedRaopMessageError("SDP has no m=audio line");
  const rtpmap = attrs.get("rtpmap");
  if (!rtpmap) throw new MalformedRaopMessageError("SDP has no rtpmap");
  const encrypted = attrs.has("rsaaeskey") || attrs.has("fpaeskey");
  const fmtp = attrs.get("fmtp");
  const l16 = /^96 L16\/(\d{4,6})\/(\d)$/.exec(rtpmap);
  if (l16 && !fmtp) {
    return {
      payload: "L16",
      format: { sampleRate: Number(l16[1]), channels: Number(l16[2]), bitsPerSample: 16 },
      framesPerPacket: FRAMES_PER_PACKET,
      encrypted,
    };
  }
  if (!fmtp) throw new MalformedRaopMessageError(`unsupported rtpmap ${JSON.stringify(rtpmap.slice(0, 64))}`);
  const fields = fmtp.split(/\s+/).map(Number);
  if (fields.length !== 12 || fields.some((n) => !Number.isInteger(n) || n < 0))
    throw new MalformedRaopMessageError("SDP fmtp must carry 11 integers");
  const [, frames, , bits, , , , channels, , , , rate] = fields;
  if (frames === undefined || frames < 1 || frames > 4096)
    throw new MalformedRaopMessageError("bad frames per packet");
  if (bits !== 16 || (channels !== 1 && channels !== 2) || !rate || rate > 384000)
    throw new MalformedRaopMessageError("unsupported ALAC format in fmtp");
  const payload: PayloadFormat = l16 ? "L16" : "ALAC";
  if (!l16 && !/^96 AppleLossless$/.test(rtpmap))
    throw new MalformedRaopMessageError(`unsupported rtpmap ${JSON.stringify(rtpmap.slice(0, 64))}`);
  return {
    payload,
    format: { sampleRate: rate, channels, bitsPerSample: bits },
    framesPerPacket: frames,
    encrypted,
  };
}

/** `key=value;key;…` items of a Transport header (keys lower-cased). */
export function parseTransport(header: string): Map<string, string> {
  if (header.length > 1024) throw new MalformedRaopMessageError("Transport header too long");
  const out = new Map<string, string>();
  for (const item of header.split(";")) {
    const [k, ...v] = item.split("=");
    if (k) out.set(k.trim().toLowerCase(), v.join("=").trim());
  }
  return out;
}

/** A port from a Transport item; MalformedRaopMessageError if missing or not 1–65535. */
export function transportPort(items: Map<string, string>, key: string): number {
  const text = items.get(key);
  const port = text === undefined ? NaN : Number(text);
  if (!/^\d{1,5}$/.test(text ?? "") || port < 1 || port > 65535)
    throw new MalformedRaopMessageError(`Transport has no valid ${key}`);
  return port;
}
