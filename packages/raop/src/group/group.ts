/**
 * RaopGroup: one stream to N receivers (AirPlay 1 and 2 mixed), started together and kept together
 * by one clock (clock.ts). A single pacer loop reads the source once, encodes each packet once per
 * payload format and hands it to every live member's UDP socket without awaiting any of them; a
 * member that fails is dropped from the fan-out, reported (`memberFailed`) and may be added again.
 * Members may join (`add`) or leave (`remove`) mid-stream; a joiner gets RECORD/FLUSH at the
 * current head and the same RTP↔NTP mapping as everyone else.
 */
import { randomInt } from "node:crypto";
import {
  ConnectionFailedError,
  InvalidStateError,
  TypedEmitter,
  createLogger,
  type CallOptions,
  type Logger,
} from "@atv/core";
import { encodeAlacEscape } from "../alac.js";
import { DEFAULT_LATENCY_FRAMES, type TrackMetadata } from "../client.js";
import { RTP_HEADER_BYTES, writeAudioHeader } from "../packets.js";
import { FRAMES_PER_PACKET, type PayloadFormat } from "../sdp.js";
import { GroupClock, GroupTimeline, SAMPLE_RATE } from "./clock.js";
import {
  DEFAULT_KEEPALIVE,
  GroupMember,
  type GroupMemberConfig,
  type KeepAlive,
  type MemberState,
} from "./member.js";
import { PACKET_PCM_BYTES, pcmPackets } from "./packetizer.js";

export const GROUP_BACKLOG_PACKETS = 1000;
const SYNC_INTERVAL_FRAMES = SAMPLE_RATE;

export interface RaopGroupOptions {
  /** Common latency wanted; the group uses the largest of this and what any member asks for. */
  latencyMs?: number;
  /** Pacer wake-up period; packets due within it are sent together. Default 20 ms. */
  tickMs?: number;
  /** Stall detection: /feedback every intervalMs, answered within timeoutMs (default 2 s / 4 s). */
  keepAlive?: KeepAlive;
  logger?: Logger;
}

export interface GroupProgress {
  readonly framesSent: number;
  readonly packetsSent: number;
  readonly position: number;
  readonly duration: number | undefined;
  readonly members: number;
}

export interface MemberJoin {
  readonly seq: number;
  readonly rtpTime: number;
  readonly audioLatencyFrames: number | undefined;
  readonly groupLatencyFrames: number;
}

export interface MemberInfo {
  readonly id: string;
  readonly state: MemberState;
  readonly payload: PayloadFormat;
  readonly volume: number | undefined;
  readonly packetsSent: number;
}

export interface RaopGroupEvents {
  [event: string]: unknown[];
  progress: [progress: GroupProgress];
  memberJoined: [id: string, join: MemberJoin];
  memberLeft: [id: string];
  memberFailed: [id: string, error: Error];
  retransmit: [id: string, firstSeq: number, count: number];
}

export interface GroupStreamOptions extends CallOptions {
  metadata?: TrackMetadata;
}

type Encoded = Partial<Record<PayloadFormat, Uint8Array>>;

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

export class RaopGroup extends TypedEmitter<RaopGroupEvents> {
  readonly clock = new GroupClock();
  readonly #log: Logger;
  readonly #latencyFrames: number;
  readonly #tickMs: number;
  readonly #keepAlive: KeepAlive;
  readonly #members = new Map<string, GroupMember>();
  /** The fan-out: live members only; replaced (never mutated) so a send loop never sees a change mid-way. */
  #live: readonly GroupMember[] = [];
  readonly #backlog = new Map<number, Encoded>();
  readonly #rtpBase = randomInt(0, 0xffffffff);
  #seq = randomInt(0, 0x10000);
  #frame = 0;
  #timeline: GroupTimeline | undefined;
  #metadata: TrackMetadata = {};
  #state: "idle" | "streaming" | "closed" = "idle";
  #signal: AbortSignal | undefined;

  constructor(options: RaopGroupOptions = {}) {
    super();
    this.#log = options.logger ?? createLogger("atv:raop:group");
    const ms = options.latencyMs;
    if (ms !== undefined && !(ms >= 0)) throw new RangeError(`latencyMs ${ms} is negative`);
    this.#latencyFrames = ms === undefined ? DEFAULT_LATENCY_FRAMES : Math.round((ms * SAMPLE_RATE) / 1000);
    this.#tickMs = options.tickMs ?? 20;
    this.#keepAlive = options.keepAlive ?? DEFAULT_KEEPALIVE;
  }

  /** The timeline once streaming (RTP base, latency, frame ↔ NTP mapping). */
  get timeline(): GroupTimeline | undefined {
    return this.#timeline;
  }

  members(): MemberInfo[] {
    return [...this.#members.values()].map((m) => ({
      id: m.id,
      state: m.state,
      payload: m.payload,
      volume: m.volume,
      packetsSent: m.packetsSent,
    }));
  }

  /**
   * Connects a receiver; mid-stream it joins at the current head. Returns its id. A failure is
   * reported as `memberFailed` too and leaves the others untouched.
   */
  async add(config: GroupMemberConfig, options: CallOptions = {}): Promise<string> {
    if (this.#state === "closed") throw new InvalidStateError("group is closed");
    const member = new GroupMember(
      config,
      this.clock.now,
      this.#log,
      (m, e) => this.#failed(m, e),
      this.#keepAlive,
    );
    const old = this.#members.get(member.id);
    if (old && (old.state === "connecting" || old.state === "playing"))
      throw new InvalidStateError(`member ${member.id} is already in the group`);
    this.#members.set(member.id, member);
    member.client.on("retransmit", (firstSeq, count) => this.#retransmit(member, firstSeq, count));
    const signal = this.#joinSignal(options.signal);
    try {
      await member.connect(signal ? { signal } : {});
      if (this.#state === "streaming") await this.#join(member, signal);
    } catch (error) {
      this.#members.delete(member.id);
      await member.close();
      this.emit("memberFailed", member.id, error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    return member.id;
  }

  #joinSignal(signal: AbortSignal | undefined): AbortSignal | undefined {
    const list = [signal, this.#signal].filter((s): s is AbortSignal => s !== undefined);
    return list.length === 0 ? undefined : AbortSignal.any(list);
  }

  async #join(member: GroupMember, signal: AbortSignal | undefined): Promise<void> {
    const timeline = this.#timeline as GroupTimeline;
    const at = { seq: this.#seq, rtpTime: timeline.rtpAt(this.#frame) };
    const result = await member.start(at, this.#metadata, signal ? { signal } : {});
    if (this.#state !== "streaming" || member.state !== "connecting") return;
    this.#goLive(member);
    this.emit("memberJoined", member.id, {
      ...at,
      audioLatencyFrames: result.audioLatencyFrames,
      groupLatencyFrames: timeline.latencyFrames,
    });
  }

  #goLive(member: GroupMember): void {
    const timeline = this.#timeline as GroupTimeline;
    member.state = "playing";
    this.#live = [...this.#live, member];
    const frame = this.#frame;
    member.sendSync((first) => timeline.sync(frame, first));
  }

  /** Takes a receiver out (TEARDOWN) without disturbing the others. */
  async remove(id: string): Promise<void> {
    const member = this.#members.get(id);
    if (!member) return;
    this.#members.delete(id);
    this.#live = this.#live.filter((m) => m !== member);
    await member.close();
    this.emit("memberLeft", id);
  }

  async setVolume(id: string, percent: number, options: CallOptions = {}): Promise<void> {
    if (!Number.isFinite(percent) || percent < 0 || percent > 100)
      throw new RangeError(`volume ${percent} is not 0–100`);
    const member = this.#members.get(id);
    if (!member) throw new InvalidStateError(`no member ${id} in the group`);
    await member.setVolume(percent, options);
  }

  #failed(member: GroupMember, error: Error): void {
    this.#live = this.#live.filter((m) => m !== member);
    this.emit("memberFailed", member.id, error);
    void member.close();
  }

  #retransmit(member: GroupMember, firstSeq: number, count: number): void {
    this.emit("retransmit", member.id, firstSeq, count);
    for (let i = 0; i < Math.min(count, GROUP_BACKLOG_PACKETS); i++) {
      const packet = this.#backlog.get((firstSeq + i) & 0xffff)?.[member.payload];
      if (packet) member.resend(packet);
    }
  }

  /**
   * Streams PCM (big-endian s16 stereo 44.1 kHz) to every member added so far and to those added
   * while it runs, pads silence to the latency and closes the group. Aborting stops early.
   */
  async stream(pcm: AsyncIterable<Uint8Array>, options: GroupStreamOptions = {}): Promise<void> {
    if (this.#state !== "idle") throw new InvalidStateError(`group is ${this.#state}`);
    const { signal } = options;
    this.#signal = signal;
    this.#metadata = options.metadata ?? {};
    try {
      const waiting = [...this.#members.values()].filter((m) => m.state === "connecting");
      const at = { seq: this.#seq, rtpTime: this.#rtpBase >>> 0 };
      const started = await Promise.all(
        waiting.map((m) =>
          m.start(at, this.#metadata, signal ? { signal } : {}).then(
            (r) => ({ m, latency: r.audioLatencyFrames ?? 0 }),
            (error: unknown) => {
              m.fail(error instanceof Error ? error : new Error(String(error)));
              return undefined;
            },
          ),
        ),
      );
      const ok = started.filter((s) => s !== undefined);
      if (ok.length === 0) throw new ConnectionFailedError("no receiver of the group could start");
      signal?.throwIfAborted();
      const latencyFrames = Math.max(this.#latencyFrames, ...ok.map((s) => s.latency));
      this.#timeline = new GroupTimeline({
        clock: this.clock,
        rtpBase: this.#rtpBase,
        startMs: this.clock.monoMs(),
        latencyFrames,
      });
      this.#state = "streaming";
      for (const { m, latency } of ok) {
        if (m.state !== "connecting") continue;
        this.#goLive(m);
        const audioLatencyFrames = latency > 0 ? latency : undefined;
        this.emit("memberJoined", m.id, { ...at, audioLatencyFrames, groupLatencyFrames: latencyFrames });
      }
      await this.#run(pcm, options.metadata?.duration, signal);
    } finally {
      await this.close();
    }
  }

  async #run(
    pcm: AsyncIterable<Uint8Array>,
    duration: number | undefined,
    signal?: AbortSignal,
  ): Promise<void> {
    const timeline = this.#timeline as GroupTimeline;
    const source = pcmPackets(pcm)[Symbol.asyncIterator]();
    const silence = new Uint8Array(PACKET_PCM_BYTES);
    let sourceFrames = 0;
    let packets = 0;
    let padded = -1;
    let lastSync = 0;
    const progress = (): void => {
      this.emit("progress", {
        framesSent: sourceFrames,
        packetsSent: packets,
        position: sourceFrames / SAMPLE_RATE,
        duration,
        members: this.#live.length,
      });
    };
    try {
      for (;;) {
        if (signal?.aborted) return;
        const due = timeline.framesDue(this.clock.monoMs() + this.#tickMs);
        while (this.#frame < due) {
          let payload: Uint8Array;
          if (padded < 0) {
            const next = await source.next();
            if (signal?.aborted) return;
            if (next.done) {
              padded = 0;
              progress();
              continue;
            }
            payload = next.value.pcm;
            sourceFrames += next.value.frames;
          } else {
            if (padded >= timeline.latencyFrames) return;
            payload = silence;
            padded += FRAMES_PER_PACKET;
          }
          if (this.#frame - lastSync >= SYNC_INTERVAL_FRAMES) {
            lastSync = this.#frame;
            const frame = this.#frame;
            for (const m of this.#live) m.sendSync((first) => timeline.sync(frame, first));
          }
          this.#send(payload, timeline);
          packets++;
          if (packets % 125 === 0 && padded < 0) progress();
        }
        await sleep(this.#tickMs, signal);
      }
    } finally {
      await source.return?.(undefined);
    }
  }

  /** Encodes once per payload format in use and fans out; never awaits a member. */
  #send(pcm: Uint8Array, timeline: GroupTimeline): void {
    const live = this.#live;
    const encoded: Encoded = {};
    const header = new Uint8Array(RTP_HEADER_BYTES);
    writeAudioHeader(header, this.#frame === 0, this.#seq, timeline.rtpAt(this.#frame), this.#rtpBase);
    const encode = (format: PayloadFormat): Uint8Array => {
      const have = encoded[format];
      if (have) return have;
      const payload = format === "ALAC" ? encodeAlacEscape(pcm) : pcm;
      const packet = new Uint8Array(RTP_HEADER_BYTES + payload.length);
      packet.set(header);
      packet.set(payload, RTP_HEADER_BYTES);
      encoded[format] = packet;
      return packet;
    };
    for (const m of live) m.sendAudio(encode(m.payload));
    this.#backlog.set(this.#seq, encoded);
    if (this.#backlog.size > GROUP_BACKLOG_PACKETS) {
      const oldest = this.#backlog.keys().next().value;
      if (oldest !== undefined) this.#backlog.delete(oldest);
    }
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#frame += FRAMES_PER_PACKET;
  }

  /** TEARDOWN every member; idempotent. */
  async close(): Promise<void> {
    if (this.#state === "closed") return;
    this.#state = "closed";
    const members = [...this.#members.values()];
    this.#live = [];
    this.#backlog.clear();
    await Promise.allSettled(members.map((m) => m.close()));
  }
}

/** Adds every receiver, streams `pcm` to all of them together and closes the group. */
export async function streamGroup(
  members: readonly GroupMemberConfig[],
  pcm: AsyncIterable<Uint8Array>,
  options: GroupStreamOptions & RaopGroupOptions & { onGroup?: (group: RaopGroup) => void } = {},
): Promise<RaopGroup> {
  const group = new RaopGroup(options);
  options.onGroup?.(group);
  const opts = options.signal ? { signal: options.signal } : {};
  const added = await Promise.allSettled(members.map((m) => group.add(m, opts)));
  const failed = added.filter((r) => r.status === "rejected");
  if (failed.length === members.length) {
    await group.close();
    throw (failed[0] as PromiseRejectedResult).reason;
  }
  await group.stream(pcm, options);
  return group;
}
