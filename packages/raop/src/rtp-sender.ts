/**
 * The RTP audio side of one RAOP session (raop.md §6, §8): numbers, stamps and sends each packet
 * on the connected audio socket and keeps the last packets for retransmission.
 *
 * For plain L16 every packet is built in place in a ring of preallocated buffers that is also the
 * retransmission backlog: the caller writes 1408 bytes of PCM into `pcm` and calls `commit()`,
 * nothing is allocated per packet. ALAC escape frames and AirPlay 2 encryption allocate their output.
 */
import { encryptAudioPacket } from "./airplay2.js";
import { encodeAlacEscape } from "./alac.js";
import { RTP_HEADER_BYTES, writeAudioHeader } from "./packets.js";
import { FRAMES_PER_PACKET, type PayloadFormat } from "./sdp.js";

/** Frames × 4 bytes: one packet of 16-bit stereo PCM. */
export const PACKET_PCM_BYTES = FRAMES_PER_PACKET * 4;
/** Packets kept for retransmission (a power of two ≥ pyatv's 1000). */
export const BACKLOG_RING_PACKETS = 1024;
const MASK = BACKLOG_RING_PACKETS - 1;
const L16_PACKET_BYTES = RTP_HEADER_BYTES + PACKET_PCM_BYTES;

/**
 * One slab of {@link BACKLOG_RING_PACKETS} L16 packets (header + 1408 bytes of PCM) and the payload
 * view of each: the ring that single sessions and the group fan-out build packets in.
 */
export function allocL16Ring(): { packets: Uint8Array[]; payloads: Uint8Array[] } {
  const slab = new Uint8Array(BACKLOG_RING_PACKETS * L16_PACKET_BYTES);
  const packets: Uint8Array[] = [];
  const payloads: Uint8Array[] = [];
  for (let i = 0; i < BACKLOG_RING_PACKETS; i++) {
    const packet = slab.subarray(i * L16_PACKET_BYTES, (i + 1) * L16_PACKET_BYTES);
    packets.push(packet);
    payloads.push(packet.subarray(RTP_HEADER_BYTES));
  }
  return { packets, payloads };
}

/** What the sender needs of a connected UDP socket (node:dgram's `Socket` fits). */
export interface DatagramSink {
  send(packet: Uint8Array): void;
}

export interface RtpAudioSenderOptions {
  socket: DatagramSink;
  payload: PayloadFormat;
  ssrc: number;
  /** First sequence number (16 bit). */
  seq: number;
  /** Added to the frame count for the RTP timestamp (the first packet's timestamp). */
  latencyFrames: number;
  /** AirPlay 2 audio key: packets are ChaCha20-Poly1305 sealed. */
  shk?: Uint8Array | undefined;
  /** Test hook: return true to not send a packet (it is still kept for retransmission). */
  dropPacket?: ((seq: number, index: number) => boolean) | undefined;
}

export class RtpAudioSender {
  readonly #socket: DatagramSink;
  readonly #ssrc: number;
  readonly #latency: number;
  readonly #alac: boolean;
  readonly #shk: Uint8Array | undefined;
  readonly #drop: ((seq: number, index: number) => boolean) | undefined;
  /** Packet as sent, per ring slot; `#slotSeq` says which sequence number it holds (−1: none). */
  readonly #sent: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(BACKLOG_RING_PACKETS);
  readonly #slotSeq = new Int32Array(BACKLOG_RING_PACKETS).fill(-1);
  /** Plain L16: preallocated packets and their payload views, one per slot (empty otherwise). */
  readonly #slots: readonly Uint8Array[] = [];
  readonly #payloads: readonly Uint8Array[] = [];
  /** ALAC/encrypted: where the PCM is staged before encoding. */
  readonly #stage: Uint8Array | undefined;
  #seq: number;
  #frames = 0;
  #index = 0;
  #counter = 0n;
  #marker = true;

  constructor(o: RtpAudioSenderOptions) {
    this.#socket = o.socket;
    this.#ssrc = o.ssrc >>> 0;
    this.#seq = o.seq & 0xffff;
    this.#latency = o.latencyFrames;
    this.#alac = o.payload === "ALAC";
    this.#shk = o.shk;
    this.#drop = o.dropPacket;
    if (this.#alac || this.#shk) this.#stage = new Uint8Array(PACKET_PCM_BYTES);
    else ({ packets: this.#slots, payloads: this.#payloads } = allocL16Ring());
  }

  /** Sequence number of the next packet. */
  get seq(): number {
    return this.#seq;
  }

  /** Frames sent so far (head_ts − start_ts). */
  get frames(): number {
    return this.#frames;
  }

  /** Packets sent so far. */
  get packets(): number {
    return this.#index;
  }

  /** RTP timestamp of the next packet: frames + latency, mod 2^32. */
  get rtpTime(): number {
    return (this.#frames + this.#latency) >>> 0;
  }

  /** Where the next packet's 1408 bytes of big-endian PCM go; valid until `commit()`. */
  get pcm(): Uint8Array {
    return this.#stage ?? (this.#payloads[this.#seq & MASK] as Uint8Array);
  }

  /** Sends the packet whose PCM was written into `pcm`. */
  commit(): void {
    const seq = this.#seq;
    const slot = seq & MASK;
    let packet: Uint8Array;
    if (this.#stage) {
      const payload = this.#alac ? encodeAlacEscape(this.#stage) : this.#stage;
      packet = new Uint8Array(RTP_HEADER_BYTES + payload.length);
      this.#header(packet);
      packet.set(payload, RTP_HEADER_BYTES);
      if (this.#shk) packet = encryptAudioPacket(packet, payload, this.#shk, this.#counter++);
      this.#sent[slot] = packet;
    } else {
      packet = this.#slots[slot] as Uint8Array;
      this.#header(packet);
    }
    this.#slotSeq[slot] = seq;
    this.#marker = false;
    const index = this.#index++;
    if (!this.#drop?.(seq, index)) this.#socket.send(packet);
    this.#seq = (seq + 1) & 0xffff;
    this.#frames += FRAMES_PER_PACKET;
  }

  /**
   * Starts a new stream on the same session (after RECORD/FLUSH): frames count from 0 again and the
   * next packet carries the marker bit; sequence numbers, the backlog and the AirPlay 2 nonce go on.
   */
  restart(): void {
    this.#frames = 0;
    this.#marker = true;
  }

  /** Copies one packet of PCM (1408 bytes) and sends it. */
  send(pcm: Uint8Array): void {
    if (pcm.length !== PACKET_PCM_BYTES)
      throw new RangeError(`a packet carries ${PACKET_PCM_BYTES} bytes of PCM, not ${pcm.length}`);
    this.pcm.set(pcm);
    this.commit();
  }

  /** The packet sent with sequence number `seq`, if still in the backlog. */
  backlog(seq: number): Uint8Array | undefined {
    const slot = seq & MASK;
    if (this.#slotSeq[slot] !== (seq & 0xffff)) return undefined;
    return this.#stage ? this.#sent[slot] : this.#slots[slot];
  }

  /** Forgets the backlog. */
  clear(): void {
    this.#slotSeq.fill(-1);
    this.#sent.fill(undefined);
  }

  #header(out: Uint8Array): void {
    writeAudioHeader(out, this.#marker, this.#seq, this.#frames + this.#latency, this.#ssrc);
  }
}
