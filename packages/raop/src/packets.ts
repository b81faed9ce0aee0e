/**
 * RAOP UDP packets (raop.md §6): RTP audio, sync, NTP-style timing, retransmit request/reply.
 * Every decoder checks the length first and throws MalformedPacketError on anything else.
 */
import { MalformedPacketError } from "./errors.js";

export const PayloadType = {
  TimingRequest: 0x52,
  TimingResponse: 0x53,
  Sync: 0x54,
  RetransmitRequest: 0x55,
  RetransmitReply: 0x56,
  Audio: 0x60,
} as const;

export const RTP_HEADER_BYTES = 12;
/** A sync packet goes out once per this many frames of audio (one second at 44.1 kHz). */
export const SYNC_INTERVAL_FRAMES = 44100;
/** Largest UDP payload a receiver accepts from us (audio 12 + 1412 ALAC escape + AP2 16+8). */
export const MAX_AUDIO_PACKET_BYTES = 2048;

export interface AudioPacket {
  readonly marker: boolean;
  readonly seq: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly payload: Uint8Array;
}

export function encodeAudioPacket(p: AudioPacket): Uint8Array {
  const out = new Uint8Array(RTP_HEADER_BYTES + p.payload.length);
  writeAudioHeader(out, p.marker, p.seq, p.timestamp, p.ssrc);
  out.set(p.payload, RTP_HEADER_BYTES);
  return out;
}

/** Writes the 12-byte RTP audio header into `out` (byte by byte: the send loop calls it per packet). */
export function writeAudioHeader(
  out: Uint8Array,
  marker: boolean,
  seq: number,
  timestamp: number,
  ssrc: number,
): void {
  const ts = timestamp >>> 0;
  const id = ssrc >>> 0;
  out[0] = 0x80;
  out[1] = (marker ? 0x80 : 0) | PayloadType.Audio;
  out[2] = (seq >>> 8) & 0xff;
  out[3] = seq & 0xff;
  out[4] = ts >>> 24;
  out[5] = (ts >>> 16) & 0xff;
  out[6] = (ts >>> 8) & 0xff;
  out[7] = ts & 0xff;
  out[8] = id >>> 24;
  out[9] = (id >>> 16) & 0xff;
  out[10] = (id >>> 8) & 0xff;
  out[11] = id & 0xff;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Payload type (marker bit masked off) of any RAOP packet; MalformedPacketError if too short. */
export function packetType(bytes: Uint8Array): number {
  if (bytes.length < 4) throw new MalformedPacketError(`RTP packet of ${bytes.length} bytes is too short`);
  if ((bytes[0] as number) >> 6 !== 2) throw new MalformedPacketError("RTP version is not 2");
  return (bytes[1] as number) & 0x7f;
}

export function decodeAudioPacket(bytes: Uint8Array): AudioPacket {
  if (bytes.length < RTP_HEADER_BYTES)
    throw new MalformedPacketError(`audio packet of ${bytes.length} bytes`);
  if (bytes.length > MAX_AUDIO_PACKET_BYTES)
    throw new MalformedPacketError(`audio packet of ${bytes.length} bytes`);
  if (packetType(bytes) !== PayloadType.Audio) throw new MalformedPacketError("not an audio packet");
  const v = view(bytes);
  return {
    marker: ((bytes[1] as number) & 0x80) !== 0,
    seq: v.getUint16(2),
    timestamp: v.getUint32(4),
    ssrc: v.getUint32(8),
    payload: bytes.subarray(RTP_HEADER_BYTES),
  };
}

export interface SyncPacket {
  readonly first: boolean;
  /** RTP time of the next packet minus the latency. */
  readonly rtpTimeLessLatency: number;
  readonly ntpSeconds: number;
  readonly ntpFraction: number;
  readonly rtpTime: number;
}

export function encodeSyncPacket(p: SyncPacket): Uint8Array {
  const out = new Uint8Array(20);
  const v = view(out);
  out[0] = p.first ? 0x90 : 0x80;
  out[1] = 0x80 | PayloadType.Sync;
  v.setUint16(2, 7);
  v.setUint32(4, p.rtpTimeLessLatency >>> 0);
  v.setUint32(8, p.ntpSeconds >>> 0);
  v.setUint32(12, p.ntpFraction >>> 0);
  v.setUint32(16, p.rtpTime >>> 0);
  return out;
}

export function decodeSyncPacket(bytes: Uint8Array): SyncPacket {
  if (bytes.length !== 20) throw new MalformedPacketError(`sync packet of ${bytes.length} bytes (want 20)`);
  if (packetType(bytes) !== PayloadType.Sync) throw new MalformedPacketError("not a sync packet");
  const v = view(bytes);
  return {
    first: ((bytes[0] as number) & 0x10) !== 0,
    rtpTimeLessLatency: v.getUint32(4),
    ntpSeconds: v.getUint32(8),
    ntpFraction: v.getUint32(12),
    rtpTime: v.getUint32(16),
  };
}

export interface TimingPacket {
  readonly type: typeof PayloadType.TimingRequest | typeof PayloadType.TimingResponse;
  /** Byte 0 (0x80 normally); a response copies the request's. */
  readonly flags: number;
  readonly reference: bigint;
  readonly receive: bigint;
  readonly send: bigint;
}

const ntpAt = (v: DataView, offset: number): bigint =>
  (BigInt(v.getUint32(offset)) << 32n) | BigInt(v.getUint32(offset + 4));
const putNtp = (v: DataView, offset: number, ntp: bigint): void => {
  v.setUint32(offset, Number((ntp >> 32n) & 0xffffffffn));
  v.setUint32(offset + 4, Number(ntp & 0xffffffffn));
};

export function encodeTimingPacket(p: TimingPacket): Uint8Array {
  const out = new Uint8Array(32);
  const v = view(out);
  out[0] = p.flags;
  out[1] = 0x80 | p.type;
  v.setUint16(2, 7);
  putNtp(v, 8, p.reference);
  putNtp(v, 16, p.receive);
  putNtp(v, 24, p.send);
  return out;
}

export function decodeTimingPacket(bytes: Uint8Array): TimingPacket {
  if (bytes.length !== 32) throw new MalformedPacketError(`timing packet of ${bytes.length} bytes (want 32)`);
  const type = packetType(bytes);
  if (type !== PayloadType.TimingRequest && type !== PayloadType.TimingResponse)
    throw new MalformedPacketError("not a timing packet");
  const v = view(bytes);
  return {
    type,
    flags: bytes[0] as number,
    reference: ntpAt(v, 8),
    receive: ntpAt(v, 16),
    send: ntpAt(v, 24),
  };
}

/** The answer to a timing request (pyatv's timing server): reference = request's send time. */
export function timingResponse(request: TimingPacket, now: bigint): Uint8Array {
  return encodeTimingPacket({
    type: PayloadType.TimingResponse,
    flags: request.flags,
    reference: request.send,
    receive: now,
    send: now,
  });
}

export interface RetransmitRequest {
  readonly firstSeq: number;
  readonly count: number;
}

export function encodeRetransmitRequest(r: RetransmitRequest): Uint8Array {
  const out = new Uint8Array(8);
  const v = view(out);
  out[0] = 0x80;
  out[1] = 0x80 | PayloadType.RetransmitRequest;
  v.setUint16(2, 1);
  v.setUint16(4, r.firstSeq & 0xffff);
  v.setUint16(6, r.count & 0xffff);
  return out;
}

export function decodeRetransmitRequest(bytes: Uint8Array): RetransmitRequest {
  if (bytes.length !== 8)
    throw new MalformedPacketError(`retransmit request of ${bytes.length} bytes (want 8)`);
  if (packetType(bytes) !== PayloadType.RetransmitRequest)
    throw new MalformedPacketError("not a retransmit request");
  const v = view(bytes);
  return { firstSeq: v.getUint16(4), count: v.getUint16(6) };
}

/** Retransmit reply: 0x80 0xD6, original seq, then the complete original audio packet. */
export function encodeRetransmitReply(original: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + original.length);
  out[0] = 0x80;
  out[1] = 0x80 | PayloadType.RetransmitReply;
  out[2] = original[2] ?? 0;
  out[3] = original[3] ?? 0;
  out.set(original, 4);
  return out;
}

/** The audio packet inside a retransmit reply. */
export function decodeRetransmitReply(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 4 + RTP_HEADER_BYTES || bytes.length > 4 + MAX_AUDIO_PACKET_BYTES)
    throw new MalformedPacketError(`retransmit reply of ${bytes.length} bytes`);
  if (packetType(bytes) !== PayloadType.RetransmitReply)
    throw new MalformedPacketError("not a retransmit reply");
  return bytes.subarray(4);
}
