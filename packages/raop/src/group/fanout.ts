/**
 * The group's packet side: one RTP stream (one sequence, one timestamp base, one SSRC) fanned out
 * to every live member. It has the shape `sendPaced` drives (`pcm`, `commit()`, `packets`), so the
 * group runs on the same `Pacer` loop as a single session.
 *
 * Every packet is built once in place in a ring of preallocated L16 packets that doubles as the
 * retransmission backlog: the PCM is written straight into the slot, the header stamped over it
 * and the same buffer handed to every L16 member's socket. An ALAC escape frame is encoded (and
 * stored for retransmission) only when a live member wants ALAC, once per packet for all of them;
 * AirPlay 2 members encrypt their own copy (member.ts). Nothing here awaits a member.
 */
import { encodeAlacEscape } from "../alac.js";
import { RTP_HEADER_BYTES, SYNC_INTERVAL_FRAMES, writeAudioHeader } from "../packets.js";
import { BACKLOG_RING_PACKETS, allocL16Ring } from "../rtp-sender.js";
import { FRAMES_PER_PACKET, type PayloadFormat } from "../sdp.js";
import type { GroupTimeline } from "./clock.js";

const MASK = BACKLOG_RING_PACKETS - 1;

/** What the fan-out needs of a member (a `GroupMember`). */
export interface FanoutMember {
  readonly payload: PayloadFormat;
  sendAudio(packet: Uint8Array): void;
  sendSync(build: (first: boolean) => Uint8Array): void;
}

export class GroupFanout {
  readonly #timeline: GroupTimeline;
  readonly #ssrc: number;
  readonly #live: () => readonly FanoutMember[];
  /** Preallocated L16 packets and their payload views, one per ring slot. */
  readonly #slots: readonly Uint8Array[];
  readonly #payloads: readonly Uint8Array[];
  /** Which sequence number each slot holds (−1: none) and its ALAC packet, if one was encoded. */
  readonly #slotSeq = new Int32Array(BACKLOG_RING_PACKETS).fill(-1);
  readonly #alac: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(BACKLOG_RING_PACKETS);
  #seq: number;
  #frame = 0;
  #packets = 0;
  #lastSync = 0;

  constructor(timeline: GroupTimeline, seq: number, live: () => readonly FanoutMember[]) {
    this.#timeline = timeline;
    this.#ssrc = timeline.rtpBase >>> 0;
    this.#seq = seq & 0xffff;
    this.#live = live;
    ({ packets: this.#slots, payloads: this.#payloads } = allocL16Ring());
  }

  /** Sequence number of the next packet. */
  get seq(): number {
    return this.#seq;
  }

  /** Frame of the stream the next packet starts at (the head). */
  get frame(): number {
    return this.#frame;
  }

  /** Packets sent so far. */
  get packets(): number {
    return this.#packets;
  }

  /** Where the next packet's 1408 bytes of big-endian PCM go; valid until `commit()`. */
  get pcm(): Uint8Array {
    return this.#payloads[this.#seq & MASK] as Uint8Array;
  }

  /** Stamps the packet whose PCM was written into `pcm` and hands it to every live member. */
  commit(): void {
    const live = this.#live();
    const frame = this.#frame;
    if (frame - this.#lastSync >= SYNC_INTERVAL_FRAMES) {
      this.#lastSync = frame;
      const timeline = this.#timeline;
      for (const m of live) m.sendSync((first) => timeline.sync(frame, first));
    }
    const seq = this.#seq;
    const slot = seq & MASK;
    const packet = this.#slots[slot] as Uint8Array;
    writeAudioHeader(packet, frame === 0, seq, this.#timeline.rtpAt(frame), this.#ssrc);
    this.#slotSeq[slot] = seq;
    this.#alac[slot] = undefined;
    for (const m of live) m.sendAudio(m.payload === "ALAC" ? this.#alacPacket(slot) : packet);
    this.#packets++;
    this.#seq = (seq + 1) & 0xffff;
    this.#frame = frame + FRAMES_PER_PACKET;
  }

  /** The packet with sequence number `seq` in `format`, if still in the backlog (and encoded). */
  backlog(seq: number, format: PayloadFormat): Uint8Array | undefined {
    const slot = seq & MASK;
    if (this.#slotSeq[slot] !== (seq & 0xffff)) return undefined;
    return format === "ALAC" ? this.#alac[slot] : this.#slots[slot];
  }

  /** Forgets the backlog. */
  clear(): void {
    this.#slotSeq.fill(-1);
    this.#alac.fill(undefined);
  }

  #alacPacket(slot: number): Uint8Array {
    const have = this.#alac[slot];
    if (have) return have;
    const l16 = this.#slots[slot] as Uint8Array;
    const payload = encodeAlacEscape(this.#payloads[slot] as Uint8Array);
    const packet = new Uint8Array(RTP_HEADER_BYTES + payload.length);
    packet.set(l16.subarray(0, RTP_HEADER_BYTES));
    packet.set(payload, RTP_HEADER_BYTES);
    this.#alac[slot] = packet;
    return packet;
  }
}
