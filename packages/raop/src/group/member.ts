/**
 * One receiver of a group: its own RTSP session and UDP sockets (a RaopClient that only connects),
 * fed by the group's shared sender. Every send here is fire-and-forget UDP; a failure (socket error,
 * RTSP connection lost, keep-alive timing out) marks the member failed once and the group drops it
 * from the fan-out without waiting for anything.
 */
import { ConnectionLostError, type CallOptions, type Logger } from "@atv/core";
import { encryptAudioPacket } from "../airplay2.js";
import { RaopClient, type RaopClientOptions, type RaopTransport, type TrackMetadata } from "../client.js";
import { RTP_HEADER_BYTES, encodeRetransmitReply } from "../packets.js";
import type { PayloadFormat } from "../sdp.js";
import { percentToDb } from "../volume.js";
import { preroll, volumeRequest, type PrerollResult } from "./preroll.js";

export interface GroupMemberConfig extends RaopClientOptions {
  /** Name of this member in events and `setVolume`; default `host:port`. */
  id?: string;
  /** Initial volume in percent; default unchanged on the receiver. */
  volume?: number;
}

export type MemberState = "connecting" | "playing" | "failed" | "closed";

/** How a member is watched: a /feedback every `intervalMs` that must answer within `timeoutMs`. */
export interface KeepAlive {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

export const DEFAULT_KEEPALIVE: KeepAlive = { intervalMs: 2000, timeoutMs: 4000 };
/** Longest a member's TEARDOWN may hold up the group's close. */
const CLOSE_BOUND_MS = 2000;

export class GroupMember {
  readonly id: string;
  readonly client: RaopClient;
  readonly payload: PayloadFormat;
  state: MemberState = "connecting";
  /** Packets handed to the socket. */
  packetsSent = 0;
  #transport: RaopTransport | undefined;
  #counter = 0n;
  #firstSync = true;
  #keepalive: NodeJS.Timeout | undefined;
  #onFail: (member: GroupMember, error: Error) => void;
  #volume: number | undefined;
  readonly #log: Logger;
  readonly #keepaliveTiming: KeepAlive;

  constructor(
    config: GroupMemberConfig,
    clock: () => bigint,
    log: Logger,
    onFail: (m: GroupMember, e: Error) => void,
    keepalive: KeepAlive = DEFAULT_KEEPALIVE,
  ) {
    this.id = config.id ?? `${config.host}:${config.port}`;
    this.client = new RaopClient({ ...config, clock, logger: log });
    this.payload = this.client.payload;
    this.#volume = config.volume;
    this.#onFail = onFail;
    this.#log = log;
    this.#keepaliveTiming = keepalive;
  }

  get volume(): number | undefined {
    return this.#volume;
  }

  get volumeDb(): number | undefined {
    return this.#volume === undefined ? undefined : percentToDb(this.#volume);
  }

  async connect(options: CallOptions): Promise<void> {
    await this.client.connect(options);
    const t = this.client.transport;
    if (!t) throw new ConnectionLostError("RAOP session closed while connecting");
    this.#transport = t;
    t.audio.on("error", (error) => this.fail(error));
    t.control.on("error", (error) => this.fail(error));
    t.connection.on("closed", (error) => {
      if (this.state !== "closed") this.fail(error ?? new ConnectionLostError("RTSP connection closed"));
    });
  }

  /** RECORD/FLUSH with RTP-Info of the next packet (seq, rtpTime) and metadata; keep-alive after. */
  async start(
    at: { seq: number; rtpTime: number },
    metadata: TrackMetadata,
    options: CallOptions,
  ): Promise<PrerollResult> {
    const t = this.#transport;
    if (!t) throw new ConnectionLostError("member is not connected");
    const result = await preroll((init, o) => this.client.request(init, o), {
      ...options,
      uri: t.uri,
      session: t.session,
      metadataTypes: this.client.metadataTypes,
      metadata,
      seq: at.seq,
      rtpTime: at.rtpTime,
      volume: this.#volume,
    });
    if (result.feedback) this.#keepalive = setInterval(() => this.#ping(), this.#keepaliveTiming.intervalMs);
    return result;
  }

  #ping(): void {
    this.client
      .request(
        { method: "POST", uri: "/feedback" },
        { signal: AbortSignal.timeout(this.#keepaliveTiming.timeoutMs) },
      )
      .then((res) => {
        if (res.status !== 200) this.fail(new ConnectionLostError(`keep-alive answered ${res.status}`));
      })
      .catch((error: unknown) =>
        this.fail(error instanceof Error ? error : new ConnectionLostError(String(error))),
      );
  }

  async setVolume(percent: number, options: CallOptions = {}): Promise<void> {
    const t = this.#transport;
    if (t && this.state === "playing") {
      const res = await this.client.request(volumeRequest(t.uri, percent), options);
      if (res.status < 200 || res.status >= 300)
        throw new ConnectionLostError(`volume answered ${res.status} ${res.reason}`);
    }
    this.#volume = percent;
  }

  /** Sends an encoded audio packet (RTP header + payload); AirPlay 2 members encrypt their copy. */
  sendAudio(packet: Uint8Array): void {
    const t = this.#transport;
    if (!t || this.state !== "playing") return;
    try {
      t.audio.send(this.#seal(packet));
      this.packetsSent++;
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Answers a retransmit request with the stored packet. */
  resend(packet: Uint8Array): void {
    const t = this.#transport;
    if (!t || this.state !== "playing") return;
    try {
      t.control.send(encodeRetransmitReply(this.#seal(packet)), t.serverControlPort, t.remote);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Sends a sync packet built by `build(first)`; the first one carries the extension flag. */
  sendSync(build: (first: boolean) => Uint8Array): void {
    const t = this.#transport;
    if (!t || this.state !== "playing") return;
    const packet = build(this.#firstSync);
    this.#firstSync = false;
    try {
      t.control.send(packet, t.serverControlPort, t.remote);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #seal(packet: Uint8Array): Uint8Array {
    const shk = this.#transport?.shk;
    if (!shk) return packet;
    return encryptAudioPacket(packet, packet.subarray(RTP_HEADER_BYTES), shk, this.#counter++);
  }

  fail(error: Error): void {
    if (this.state === "failed" || this.state === "closed") return;
    this.state = "failed";
    this.#stopKeepalive();
    this.#log("member %s failed: %s", this.id, error.message);
    this.#onFail(this, error);
  }

  #stopKeepalive(): void {
    if (this.#keepalive) clearInterval(this.#keepalive);
    this.#keepalive = undefined;
  }

  /**
   * TEARDOWN and close; idempotent. Waits at most a bound for a peer that does not answer (the
   * client keeps closing in the background), so one stalled receiver never holds up the group.
   */
  async close(): Promise<void> {
    if (this.state === "closed") return;
    this.state = "closed";
    this.#stopKeepalive();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.client.close().catch((error: unknown) => this.#log("member %s close: %s", this.id, String(error))),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_BOUND_MS))),
    ]);
    clearTimeout(timer);
  }
}
