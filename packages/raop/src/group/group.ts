/**
 * RaopGroup: one stream to N receivers (AirPlay 1 and 2 mixed), started together and kept together
 * by one clock (clock.ts). One shared `Pacer` drives the same send loop as a single session
 * (`sendPaced`); the fan-out (fanout.ts) builds each packet once in place, encodes it once per
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
import { DEFAULT_LATENCY_FRAMES, type TrackMetadata } from "../client.js";
import { DEFAULT_TICK_MS, Pacer } from "../pacer.js";
import { BACKLOG_RING_PACKETS } from "../rtp-sender.js";
import type { PayloadFormat } from "../sdp.js";
import { sendPaced } from "../send-loop.js";
import { GroupClock, GroupTimeline, SAMPLE_RATE } from "./clock.js";
import { GroupFanout } from "./fanout.js";
import {
  DEFAULT_KEEPALIVE,
  GroupMember,
  type GroupMemberConfig,
  type KeepAlive,
  type MemberState,
} from "./member.js";

/** Packets kept for retransmission (the shared ring of fanout.ts). */
export const GROUP_BACKLOG_PACKETS = BACKLOG_RING_PACKETS;

export interface RaopGroupOptions {
  /** Common latency wanted; the group uses the largest of this and what any member asks for. */
  latencyMs?: number;
  /** Pacer wake-up period in ms (one timer for the whole group). Default 200. */
  tickMs?: number;
  /** How far ahead of its due time a packet may be sent, in ms. Default `tickMs + 15`. */
  leadMs?: number;
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

export class RaopGroup extends TypedEmitter<RaopGroupEvents> {
  readonly clock = new GroupClock();
  readonly #log: Logger;
  readonly #latencyFrames: number;
  /** The group's one pacer: one timer for every member (validated at construction). */
  readonly #pacer: Pacer;
  readonly #keepAlive: KeepAlive;
  readonly #members = new Map<string, GroupMember>();
  /** The fan-out: live members only; replaced (never mutated) so a send loop never sees a change mid-way. */
  #live: readonly GroupMember[] = [];
  readonly #rtpBase = randomInt(0, 0xffffffff);
  readonly #firstSeq = randomInt(0, 0x10000);
  #fanout: GroupFanout | undefined;
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
    this.#pacer = new Pacer({
      tickMs: options.tickMs ?? DEFAULT_TICK_MS,
      ...(options.leadMs === undefined ? {} : { leadMs: options.leadMs }),
    });
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
    const fanout = this.#fanout as GroupFanout;
    const at = { seq: fanout.seq, rtpTime: timeline.rtpAt(fanout.frame) };
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
    const frame = (this.#fanout as GroupFanout).frame;
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
    const fanout = this.#fanout;
    if (!fanout) return;
    for (let i = 0; i < Math.min(count, GROUP_BACKLOG_PACKETS); i++) {
      const packet = fanout.backlog((firstSeq + i) & 0xffff, member.payload);
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
      const at = { seq: this.#firstSeq, rtpTime: this.#rtpBase >>> 0 };
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
      const timeline = new GroupTimeline({
        clock: this.clock,
        rtpBase: this.#rtpBase,
        startMs: this.clock.monoMs(),
        latencyFrames,
      });
      this.#timeline = timeline;
      this.#fanout = new GroupFanout(timeline, this.#firstSeq, () => this.#live);
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

  /** Sends on one pacer whose packet 0 is due at the timeline's start (frame 0). */
  async #run(
    pcm: AsyncIterable<Uint8Array>,
    duration: number | undefined,
    signal?: AbortSignal,
  ): Promise<void> {
    const timeline = this.#timeline as GroupTimeline;
    const fanout = this.#fanout as GroupFanout;
    const pacer = this.#pacer;
    pacer.start(timeline.startMs);
    await sendPaced(pcm, fanout, pacer, {
      signal,
      paddingFrames: timeline.latencyFrames,
      onProgress: (sourceFrames) =>
        this.emit("progress", {
          framesSent: sourceFrames,
          packetsSent: fanout.packets,
          position: sourceFrames / SAMPLE_RATE,
          duration,
          members: this.#live.length,
        }),
    });
  }

  /** TEARDOWN every member; idempotent. */
  async close(): Promise<void> {
    if (this.#state === "closed") return;
    this.#state = "closed";
    const members = [...this.#members.values()];
    this.#live = [];
    this.#fanout?.clear();
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
