/** Types shared by the RAOP client, the stream facade and the group sender. */
import type { Socket as UdpSocket } from "node:dgram";
import type { HttpConnection } from "@atv/airplay/rtsp";

export interface TrackMetadata {
  title?: string;
  artist?: string;
  album?: string;
  artwork?: Uint8Array;
  /** Seconds. */
  duration?: number;
}

export interface StreamProgress {
  readonly framesSent: number;
  readonly packetsSent: number;
  /** Seconds of the source sent so far (latency padding not included). */
  readonly position: number;
  readonly duration: number | undefined;
}

export interface RaopClientEvents {
  [event: string]: unknown[];
  progress: [progress: StreamProgress];
  retransmit: [firstSeq: number, count: number];
}

/** What a shared (group) sender needs of a set-up session; see group/. */
export interface RaopTransport {
  readonly audio: UdpSocket;
  readonly control: UdpSocket;
  readonly remote: string;
  readonly serverControlPort: number;
  readonly session: string;
  readonly uri: string;
  /** AirPlay 2 audio key. */
  readonly shk: Uint8Array | undefined;
  readonly connection: HttpConnection;
}
