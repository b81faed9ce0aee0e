/**
 * The control and timing UDP sockets of a RAOP session (raop.md §3, §6): sync packets out, retransmit
 * requests answered from the audio sender's backlog, NTP-style timing requests answered.
 */
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import type { Logger } from "@atv/core";
import {
  PayloadType,
  decodeRetransmitRequest,
  decodeTimingPacket,
  encodeRetransmitReply,
  encodeSyncPacket,
  packetType,
  timingResponse,
} from "./packets.js";
import { ntpNow, ntpSplit, tsToNtp } from "./time.js";

/** Most packets answered for one retransmit request (pyatv's backlog size). */
export const BACKLOG_PACKETS = 1000;

export interface UdpChannelsOptions {
  localAddress: string;
  log: Logger;
  /** The audio packet sent with this sequence number, if still kept. */
  backlog(seq: number): Uint8Array | undefined;
  onRetransmit(firstSeq: number, count: number): void;
  /** NTP "now" for timing replies; default the wall clock. */
  clock?: (() => bigint) | undefined;
}

async function bindUdp(address: string): Promise<UdpSocket> {
  const socket = createSocket(address.includes(":") ? "udp6" : "udp4");
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, address, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  return socket;
}

export class UdpChannels {
  readonly #control: UdpSocket;
  readonly #timing: UdpSocket;
  readonly #o: UdpChannelsOptions;
  #firstSync = true;
  #closed = false;

  private constructor(control: UdpSocket, timing: UdpSocket, o: UdpChannelsOptions) {
    this.#control = control;
    this.#timing = timing;
    this.#o = o;
    control.on("message", (msg, rinfo) => this.#onControl(msg, rinfo.address, rinfo.port));
    timing.on("message", (msg, rinfo) => this.#onTiming(msg, rinfo.address, rinfo.port));
  }

  static async open(o: UdpChannelsOptions): Promise<UdpChannels> {
    const control = await bindUdp(o.localAddress);
    try {
      return new UdpChannels(control, await bindUdp(o.localAddress), o);
    } catch (error) {
      control.close();
      throw error;
    }
  }

  /** The control socket (a group sender sends its own sync packets and retransmit replies on it). */
  get controlSocket(): UdpSocket {
    return this.#control;
  }

  get controlPort(): number {
    return this.#control.address().port;
  }

  get timingPort(): number {
    return this.#timing.address().port;
  }

  /**
   * Sync packet to the receiver's control port: RTP time `rtpTime` (the next packet's) plays
   * at the NTP time of frame `headTs` (RTP timestamp units since the NTP epoch), + latency.
   */
  sendSync(
    host: string,
    port: number,
    sync: { rtpTime: number; latencyFrames: number; headTs: bigint },
  ): void {
    if (this.#closed) return;
    const { seconds, fraction } = ntpSplit(tsToNtp(sync.headTs, 44100));
    const packet = encodeSyncPacket({
      first: this.#firstSync,
      rtpTimeLessLatency: (sync.rtpTime - sync.latencyFrames) >>> 0,
      ntpSeconds: seconds,
      ntpFraction: fraction,
      rtpTime: sync.rtpTime,
    });
    this.#firstSync = false;
    this.#control.send(packet, port, host);
  }

  #onTiming(msg: Buffer, address: string, port: number): void {
    try {
      if (packetType(msg) !== PayloadType.TimingRequest) return;
      this.#timing.send(timingResponse(decodeTimingPacket(msg), (this.#o.clock ?? ntpNow)()), port, address);
    } catch (error) {
      this.#o.log("timing: ignoring packet: %s", error instanceof Error ? error.message : String(error));
    }
  }

  #onControl(msg: Buffer, address: string, port: number): void {
    try {
      if (packetType(msg) !== PayloadType.RetransmitRequest) return;
      const { firstSeq, count } = decodeRetransmitRequest(msg);
      this.#o.onRetransmit(firstSeq, count);
      for (let i = 0; i < Math.min(count, BACKLOG_PACKETS); i++) {
        const packet = this.#o.backlog((firstSeq + i) & 0xffff);
        if (packet) this.#control.send(encodeRetransmitReply(packet), port, address);
      }
    } catch (error) {
      this.#o.log("control: ignoring packet: %s", error instanceof Error ? error.message : String(error));
    }
  }

  /** Closes both sockets; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of [this.#control, this.#timing]) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
  }
}
