/**
 * An mDNS / DNS-SD responder: publishes service instances and answers queries,
 * multicast on one interface and/or unicast on one `address:port` (what the simulator
 * uses on loopback).
 *
 * Multicast follows RFC 6762 as a well-behaved responder: probing (§8.1, 3 probes 250 ms
 * apart) with conflict detection, simultaneous-probe tie-breaking (§8.2) and automatic
 * renaming (`Name (2)`, host `Name-2.local`, §9); announcements (§8.3); the 20–120 ms
 * random delay for answers with shared records and 400–500 ms for truncated queries whose
 * known answers span several packets (§6, §7.2); one multicast per record per second
 * (§6); duplicate answer suppression (§7.4); QU answers multicast when a record was not
 * multicast within a quarter of its TTL (§5.4).
 *
 * Every datagram handler catches everything: what it cannot handle is counted in
 * `stats`, logged (debug) and dropped, and the responder keeps serving. Everything the
 * network can make it hold is capped (`ResponderLimits`).
 */
import type { Socket } from "node:dgram";
import { EventEmitter } from "node:events";
import { isIP } from "node:net";
import { DnsFlag, MDNS_ADDRESS, MDNS_PORT, RecordType, UNICAST_RESPONSE_BIT } from "../dns/constants.js";
import { decodeMessage } from "../dns/decode.js";
import { encodeMessage } from "../dns/encode.js";
import { nameKey } from "../dns/name.js";
import { recordKey, recordType, rrsetKey } from "../dns/record-key.js";
import type { DnsMessage, DnsRecord } from "../dns/types.js";
import { DnsDecodeError, ZeroconfSocketError } from "../errors.js";
import { bindUdp, closeUdp } from "../net/udp.js";
import type { ZeroconfLogger } from "../browse/types.js";
import {
  announcement,
  answerQuery,
  encodeResponse,
  LEGACY_RESPONSE_BYTES,
  MAX_RESPONSE_BYTES,
  multicastResponse,
} from "./answer.js";
import { renameHost, renameInstance } from "./rename.js";
import { buildZone, type PublishedService, type ZoneOptions, type ZoneRecord } from "./zone.js";

/** What network input can make a responder hold or send; every field has a default. */
export interface ResponderLimits {
  /** Largest legacy unicast reply to a query on the multicast socket without EDNS (RFC 1035). Default 512. */
  legacyReplyBytes: number;
  /** Largest reply on the unicast socket and largest multicast datagram. Default 8940 (RFC 6762 §17). */
  replyBytes: number;
  /** Queriers whose truncated (TC) known-answer lists are being collected at once. Default 32. */
  maxPendingQueriers: number;
  /** Known answers kept per querier across its TC packets. Default 512. */
  maxKnownAnswersPerQuerier: number;
  /** Bytes of known-answer packets kept per querier. Default 65536. */
  maxKnownAnswerBytesPerQuerier: number;
}

export const DEFAULT_RESPONDER_LIMITS: Readonly<ResponderLimits> = {
  legacyReplyBytes: LEGACY_RESPONSE_BYTES,
  replyBytes: MAX_RESPONSE_BYTES,
  maxPendingQueriers: 32,
  maxKnownAnswersPerQuerier: 512,
  maxKnownAnswerBytesPerQuerier: 65_536,
};

export interface ResponderOptions extends ZoneOptions {
  services: readonly PublishedService[];
  /** Answer queries sent to this address:port (port 0 = pick one; see `port`). */
  unicast?: { address: string; port: number };
  /** Answer multicast queries on the interface with this IPv4 address (binds 0.0.0.0:5353, shared). */
  multicast?: { interfaceAddress: string };
  /** Multicast: probe for unique names before announcing (RFC 6762 §8.1). Default true. */
  probe?: boolean;
  limits?: Partial<ResponderLimits>;
  /** Aborting closes the responder. */
  signal?: AbortSignal;
  logger?: ZeroconfLogger;
}

export interface QuerySource {
  address: string;
  port: number;
  /** Arrived on the unicast socket (true) or the multicast one (false). */
  unicast: boolean;
}

export interface ResponderEvents {
  /** Every decoded query (for tests and the simulator's recorder). */
  query: [message: DnsMessage, source: QuerySource];
  /** A datagram that did not decode; it was ignored. */
  malformed: [error: DnsDecodeError, source: QuerySource];
  /** A name conflict (RFC 6762 §9) made the responder rename a service instance or host. */
  rename: [from: string, to: string];
}

/** Counters of what the responder did with what it received. */
export interface ResponderStats {
  datagrams: number;
  queries: number;
  malformed: number;
  /** Datagrams whose handling threw (a bug or an input we did not foresee); dropped. */
  dropped: number;
  /** Legacy replies cut with the TC bit. */
  truncatedReplies: number;
  /** TC known-answer packets ignored because a cap was reached. */
  knownAnswerOverflow: number;
  conflicts: number;
}

const ANNOUNCE_REPEAT_MS = 1000;
const PROBE_INTERVAL_MS = 250;
const PROBE_COUNT = 3;
/** §8.2: lost a simultaneous probe: wait this long, then probe again. */
const PROBE_DEFER_MS = 1000;
/** §9: after this many conflicts, wait longer between attempts. */
const MAX_QUICK_CONFLICTS = 15;
const CONFLICT_BACKOFF_MS = 5000;
const SHARED_DELAY_MS: [number, number] = [20, 120];
const TRUNCATED_DELAY_MS: [number, number] = [400, 500];

function randomIn([lo, hi]: [number, number]): number {
  return lo + Math.random() * (hi - lo);
}

interface PendingQuerier {
  questions: DnsMessage["questions"];
  known: DnsRecord[];
  bytes: number;
  timer: NodeJS.Timeout;
}

export class Responder extends EventEmitter<ResponderEvents> {
  private services: PublishedService[];
  private zone: ZoneRecord[];
  private zoneOptions: ZoneOptions;
  private readonly limits: ResponderLimits;
  private unicastSocket: Socket | undefined;
  private multicastSocket: Socket | undefined;
  private state: "new" | "starting" | "probing" | "running" | "closed" = "new";
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly counters: ResponderStats = {
    datagrams: 0,
    queries: 0,
    malformed: 0,
    dropped: 0,
    truncatedReplies: 0,
    knownAnswerOverflow: 0,
    conflicts: 0,
  };
  /** When each record identity was last multicast (ms). Bounded by the zone (pruned on update). */
  private readonly lastMulticast = new Map<string, number>();
  /** Multicast answers waiting out their random delay, by record identity. */
  private readonly pendingMulticast = new Map<string, ZoneRecord>();
  private pendingMulticastTimer: NodeJS.Timeout | undefined;
  private readonly pendingQueriers = new Map<string, PendingQuerier>();
  private probing: { names: Set<string>; sent: number; authority: DnsRecord[] } | undefined;
  private conflictsInWindow = 0;
  private probeDone: (() => void) | undefined;
  private readonly onAbort = (): void => void this.close();

  constructor(private readonly options: ResponderOptions) {
    super();
    if (!options.unicast && !options.multicast)
      throw new TypeError("Responder needs `unicast` and/or `multicast`");
    if (
      options.unicast &&
      (isIP(options.unicast.address) === 0 ||
        !Number.isInteger(options.unicast.port) ||
        options.unicast.port < 0 ||
        options.unicast.port > 65535)
    ) {
      throw new TypeError(`Responder: bad unicast address ${JSON.stringify(options.unicast)}`);
    }
    if (options.multicast && isIP(options.multicast.interfaceAddress) !== 4) {
      throw new TypeError(
        `Responder: multicast.interfaceAddress must be IPv4, got ${JSON.stringify(options.multicast.interfaceAddress)}`,
      );
    }
    this.limits = { ...DEFAULT_RESPONDER_LIMITS, ...options.limits };
    for (const [key, value] of Object.entries(this.limits))
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`Responder: limits.${key} must be ≥ 1`);
    if (this.limits.legacyReplyBytes < 512 || this.limits.replyBytes < 512)
      throw new RangeError("Responder: reply limits must be ≥ 512 bytes");
    this.zoneOptions = {
      ...(options.deviceInfoModel !== undefined ? { deviceInfoModel: options.deviceInfoModel } : {}),
      ...(options.deviceName !== undefined ? { deviceName: options.deviceName } : {}),
    };
    this.services = [...options.services];
    this.zone = buildZone(this.services, this.zoneOptions);
  }

  /** The bound unicast port (useful when 0 was asked for); 0 before start or without `unicast`. */
  get port(): number {
    return this.unicastSocket?.address().port ?? 0;
  }

  /** What was received and dropped so far (a copy). */
  get stats(): ResponderStats {
    return { ...this.counters };
  }

  /** The services as published now (names may differ from the options after a conflict). */
  get published(): readonly PublishedService[] {
    return this.services;
  }

  /**
   * Binds the sockets; on multicast, probes the names (renaming on conflict) and
   * announces the records. Resolves once the responder answers.
   */
  async start({ signal }: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.state !== "new") throw new Error(`Responder already ${this.state}`);
    this.state = "starting";
    signal?.throwIfAborted();
    this.options.signal?.throwIfAborted();
    this.options.signal?.addEventListener("abort", this.onAbort, { once: true });
    const { unicast, multicast } = this.options;
    try {
      if (unicast) {
        this.unicastSocket = await bindUdp({
          type: isIP(unicast.address) === 6 ? "udp6" : "udp4",
          address: unicast.address,
          port: unicast.port,
        });
        this.listen(this.unicastSocket, true);
      }
      if (multicast) {
        const socket = await bindUdp({ port: MDNS_PORT, reuseAddr: true });
        this.multicastSocket = socket;
        socket.addMembership(MDNS_ADDRESS, multicast.interfaceAddress);
        socket.setMulticastInterface(multicast.interfaceAddress);
        socket.setMulticastTTL(255);
        socket.setMulticastLoopback(true);
        this.listen(socket, false);
      }
      signal?.throwIfAborted();
    } catch (error) {
      await this.close();
      if (signal?.aborted || this.options.signal?.aborted) throw error;
      throw new ZeroconfSocketError(`responder cannot bind: ${(error as Error).message}`, { cause: error });
    }
    if (this.state !== "starting") return; // closed meanwhile
    if (this.multicastSocket && this.options.probe !== false) {
      this.state = "probing";
      const onAbort = (): void => this.probeDone?.();
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        await new Promise<void>((resolve) => {
          this.probeDone = resolve;
          this.startProbing(randomIn([0, PROBE_INTERVAL_MS]));
        });
      } finally {
        this.probeDone = undefined;
        signal?.removeEventListener("abort", onAbort);
      }
      if (signal?.aborted) {
        await this.close();
        signal.throwIfAborted();
      }
      if (this.state !== "probing") return; // closed meanwhile
    }
    this.state = "running";
    this.announce();
  }

  /** Replaces the published services; on multicast, says goodbye to the old records and announces the new. */
  update(services: readonly PublishedService[]): void {
    const next = buildZone(services, this.zoneOptions);
    this.services = [...services];
    this.replaceZone(next);
    if (this.state === "running") this.announce();
  }

  /** Sends goodbyes (multicast), closes the sockets. Idempotent. */
  async close(): Promise<void> {
    if (this.state === "closed") return;
    const wasRunning = this.state === "running";
    this.state = "closed";
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pendingMulticastTimer = undefined;
    this.pendingMulticast.clear();
    this.pendingQueriers.clear();
    this.probing = undefined;
    this.probeDone?.();
    this.options.signal?.removeEventListener("abort", this.onAbort);
    const multicastSocket = this.multicastSocket;
    if (wasRunning && multicastSocket) await this.sendMulticast(announcement(this.zone, true));
    if (this.unicastSocket) closeUdp(this.unicastSocket);
    if (multicastSocket) closeUdp(multicastSocket);
    this.unicastSocket = undefined;
    this.multicastSocket = undefined;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private later(ms: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.state === "closed") return;
      try {
        run();
      } catch (error) {
        this.counters.dropped++;
        this.options.logger?.debug(`responder timer failed: ${(error as Error).message}`);
      }
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private cancel(timer: NodeJS.Timeout | undefined): void {
    if (!timer) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  private replaceZone(next: ZoneRecord[]): void {
    const nextKeys = new Set(next.map((z) => recordKey(z.record)));
    const removed = this.zone.filter((z) => !nextKeys.has(recordKey(z.record)));
    if (this.state === "running" && removed.length > 0) void this.sendMulticast(announcement(removed, true));
    this.zone = next;
    for (const key of this.lastMulticast.keys()) if (!nextKeys.has(key)) this.lastMulticast.delete(key);
    this.pendingMulticast.clear();
  }

  private announce(): void {
    if (!this.multicastSocket) return;
    void this.sendMulticast(announcement(this.zone), this.zone);
    this.later(ANNOUNCE_REPEAT_MS, () => {
      if (this.state === "running") void this.sendMulticast(announcement(this.zone), this.zone);
    });
  }

  // ---- Probing (§8.1, §8.2) and conflicts (§9) ----

  private uniqueNames(): Set<string> {
    const names = new Set<string>();
    for (const z of this.zone) if (z.unique) names.add(nameKey(z.record.name));
    return names;
  }

  private startProbing(delayMs: number): void {
    const names = this.uniqueNames();
    const authority = this.zone
      .filter((z) => z.unique && z.record.type !== RecordType.NSEC)
      .map((z) => ({ ...z.record, cacheFlush: false }));
    const probing = { names, sent: 0, authority };
    this.probing = probing;
    this.later(delayMs, () => this.sendProbe(probing));
  }

  /** One probe of the round `probing`; a newer round (after a conflict or a lost tie) stops this one. */
  private sendProbe(probing: NonNullable<Responder["probing"]>): void {
    if (this.probing !== probing || this.state !== "probing") return;
    if (probing.sent === PROBE_COUNT) {
      this.probing = undefined;
      this.conflictsInWindow = 0;
      this.probeDone?.();
      return;
    }
    const questions = [...new Set(probing.authority.map((r) => r.name))].map((name) => ({
      name,
      type: RecordType.ANY,
      unicastResponse: probing.sent === 0,
    }));
    probing.sent++;
    void this.sendMulticast({
      id: 0,
      flags: 0,
      questions,
      answers: [],
      authorities: probing.authority,
      additionals: [],
    });
    this.later(PROBE_INTERVAL_MS, () => this.sendProbe(probing));
  }

  /** A conflict on one of our unique names: rename what owns it and probe again. */
  private conflict(name: string): void {
    this.counters.conflicts++;
    const key = nameKey(name);
    const renamed: [string, string][] = [];
    const services = this.services.map((s) => {
      const zoneNames = buildZone([s]).map((z) => nameKey(z.record.name));
      if (!zoneNames.includes(key)) return s;
      const hostKey = nameKey(buildZone([s]).find((z) => z.record.type === RecordType.A)?.record.name ?? "");
      if (hostKey === key) {
        const host = renameHost(s.hostName, s.name);
        renamed.push([s.hostName ?? name, host]);
        return { ...s, hostName: host };
      }
      const next = renameInstance(s.name);
      renamed.push([s.name, next]);
      return { ...s, name: next };
    });
    let zoneOptions = this.zoneOptions;
    if (renamed.length === 0 && this.zoneOptions.deviceInfoModel !== undefined) {
      // The `_device-info` instance: rename the device name it uses.
      const current =
        this.zone.find((z) => z.record.type === RecordType.TXT && nameKey(z.record.name) === key)?.record
          .name ?? name;
      const base = this.zoneOptions.deviceName ?? current.split("._device-info")[0] ?? "device";
      const next = renameInstance(base.replace(/\\(.)/g, "$1"));
      zoneOptions = { ...this.zoneOptions, deviceName: next };
      renamed.push([base, next]);
    }
    if (renamed.length === 0) return;
    const wasRunning = this.state === "running";
    if (wasRunning) void this.sendMulticast(announcement(this.zone, true));
    this.services = services;
    this.zoneOptions = zoneOptions;
    this.zone = buildZone(services, zoneOptions);
    this.lastMulticast.clear();
    this.pendingMulticast.clear();
    for (const [from, to] of renamed) {
      this.options.logger?.debug(`responder: name conflict on ${name}: ${from} → ${to}`);
      this.emit("rename", from, to);
    }
    if (!this.multicastSocket || this.options.probe === false) {
      if (wasRunning) this.announce();
      return;
    }
    this.state = "probing";
    this.conflictsInWindow++;
    const delay = this.conflictsInWindow > MAX_QUICK_CONFLICTS ? CONFLICT_BACKOFF_MS : 0;
    this.startProbing(delay + randomIn([0, PROBE_INTERVAL_MS]));
    if (wasRunning) {
      this.probeDone = () => {
        this.probeDone = undefined;
        if (this.state !== "probing") return;
        this.state = "running";
        this.announce();
      };
    }
  }

  /** Records of a received message that conflict with ours (§8.1 while probing, §9 after). */
  private conflictingName(message: DnsMessage, probing: boolean): string | undefined {
    const ours = new Map<string, Set<string>>(); // rrset → record keys
    for (const z of this.zone) {
      if (!z.unique) continue;
      const set = ours.get(rrsetKey(z.record)) ?? new Set();
      set.add(recordKey(z.record));
      ours.set(rrsetKey(z.record), set);
    }
    const names = this.probing?.names ?? this.uniqueNames();
    for (const r of [...message.answers, ...message.additionals]) {
      if (r.ttl === 0) continue;
      if (probing) {
        if (!names.has(nameKey(r.name))) continue;
        if (!ours.get(rrsetKey(r))?.has(recordKey(r))) return r.name; // any record of the name, not ours
      } else {
        const set = ours.get(rrsetKey(r));
        if (set && !set.has(recordKey(r))) return r.name;
      }
    }
    return undefined;
  }

  /** §8.2: another host probes for one of our names at the same time; the larger data wins. */
  private lostTieBreak(message: DnsMessage): boolean {
    const probing = this.probing;
    if (!probing) return false;
    const theirs = message.authorities.filter((r) => probing.names.has(nameKey(r.name)));
    if (theirs.length === 0) return false;
    const byName = new Map<string, DnsRecord[]>();
    for (const r of theirs) byName.set(nameKey(r.name), [...(byName.get(nameKey(r.name)) ?? []), r]);
    for (const [name, list] of byName) {
      const mine = probing.authority.filter((r) => nameKey(r.name) === name);
      const cmp = compareRecordSets(mine, list);
      if (cmp < 0) return true;
    }
    return false;
  }

  // ---- Datagrams ----

  private listen(socket: Socket, unicast: boolean): void {
    socket.on("error", (e) => this.options.logger?.debug(`responder socket: ${e.message}`));
    socket.on("message", (msg, rinfo) => {
      const source: QuerySource = { address: rinfo.address, port: rinfo.port, unicast };
      try {
        this.onDatagram(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength), source, socket);
      } catch (error) {
        this.counters.dropped++;
        this.options.logger?.debug(
          `responder dropped a datagram from ${source.address}:${source.port}: ${(error as Error).message}`,
        );
      }
    });
  }

  private onDatagram(data: Uint8Array, source: QuerySource, socket: Socket): void {
    if (this.state !== "running" && this.state !== "probing") return;
    this.counters.datagrams++;
    let message: DnsMessage;
    try {
      message = decodeMessage(data);
    } catch (error) {
      if (!(error instanceof DnsDecodeError)) throw error;
      this.counters.malformed++;
      this.options.logger?.debug(`malformed query from ${source.address}:${source.port}: ${error.message}`);
      this.emit("malformed", error, source);
      return;
    }
    if ((message.flags & DnsFlag.Response) !== 0) {
      if (!source.unicast) this.onResponse(message);
      return;
    }
    if (this.state === "probing") {
      if (!source.unicast && this.lostTieBreak(message)) {
        this.options.logger?.debug("responder: lost a simultaneous probe; probing again in 1 s");
        this.startProbing(PROBE_DEFER_MS);
      }
      return; // nothing is answered before the names are ours
    }
    if (message.questions.length === 0 && !this.pendingQueriers.has(source.address)) return;
    this.counters.queries++;
    this.emit("query", message, source);
    const legacy = source.port !== MDNS_PORT;
    // §7.2: a truncated multicast query: more known answers follow; wait for them.
    if (!source.unicast && !legacy && this.collectKnownAnswers(message, data.length, source)) return;
    this.answer(message, source, socket, []);
  }

  private onResponse(message: DnsMessage): void {
    if (this.state === "probing" && this.probing) {
      const name = this.conflictingName(message, true);
      if (name !== undefined) this.conflict(name);
      return;
    }
    const name = this.conflictingName(message, false);
    if (name !== undefined) {
      this.conflict(name);
      return;
    }
    // §7.4: someone else multicast an answer we were about to give: ours counts as sent.
    if (this.pendingMulticast.size > 0)
      for (const r of message.answers) {
        const key = recordKey(r);
        const pending = this.pendingMulticast.get(key);
        if (pending && r.ttl >= pending.record.ttl) this.pendingMulticast.delete(key);
      }
  }

  /** Returns true when the query is held (its known answers continue in later packets). */
  private collectKnownAnswers(message: DnsMessage, bytes: number, source: QuerySource): boolean {
    const pending = this.pendingQueriers.get(source.address);
    if (pending) {
      const room = this.limits.maxKnownAnswersPerQuerier - pending.known.length;
      if (room <= 0 || pending.bytes + bytes > this.limits.maxKnownAnswerBytesPerQuerier) {
        this.counters.knownAnswerOverflow++;
        return true;
      }
      pending.bytes += bytes;
      pending.known.push(...message.answers.slice(0, room));
      if (pending.questions.length < 256) pending.questions.push(...message.questions.slice(0, 256));
      return true;
    }
    if ((message.flags & DnsFlag.Truncated) === 0) return false;
    if (this.pendingQueriers.size >= this.limits.maxPendingQueriers) {
      this.counters.knownAnswerOverflow++;
      return false; // answer now, with what this packet says
    }
    const entry: PendingQuerier = {
      questions: [...message.questions],
      known: message.answers.slice(0, this.limits.maxKnownAnswersPerQuerier),
      bytes,
      timer: this.later(randomIn(TRUNCATED_DELAY_MS), () => {
        this.pendingQueriers.delete(source.address);
        const socket = this.multicastSocket;
        if (!socket || this.state !== "running") return;
        this.answer({ ...message, questions: entry.questions, answers: [] }, source, socket, entry.known);
      }),
    };
    this.pendingQueriers.set(source.address, entry);
    return true;
  }

  private answer(
    query: DnsMessage,
    source: QuerySource,
    socket: Socket,
    knownAnswers: readonly DnsRecord[],
  ): void {
    const legacy = source.port !== MDNS_PORT;
    // §6: a probe for one of our names is answered at once, by multicast, whatever was sent lately.
    const probe = !source.unicast && !legacy && query.authorities.length > 0;
    const plan = answerQuery(
      this.zone,
      probe ? { ...query, questions: query.questions.map((q) => ({ ...q, unicastResponse: false })) } : query,
      {
        legacy,
        forceUnicast: source.unicast,
        nowMs: performance.now(),
        knownAnswers,
        ...(this.multicastSocket && !probe ? { lastMulticast: (z) => this.lastMulticastOf(z) } : {}),
      },
    );
    if (plan.unicast) {
      const limit = source.unicast || !legacy ? this.limits.replyBytes : legacyLimit(query, this.limits);
      for (const d of encodeResponse(plan.unicast, limit)) {
        if (((d[2] as number) & (DnsFlag.Truncated >> 8)) !== 0) this.counters.truncatedReplies++;
        void this.send(socket, d, source.port, source.address);
      }
    }
    if (plan.multicastRecords && this.multicastSocket) this.queueMulticast(plan.multicastRecords, probe);
  }

  private lastMulticastOf(z: ZoneRecord): number | undefined {
    return this.lastMulticast.get(recordKey(z.record));
  }

  /** §6: answers with only unique records go at once; with shared ones after 20–120 ms. */
  private queueMulticast(records: readonly ZoneRecord[], now = false): void {
    for (const z of records) this.pendingMulticast.set(recordKey(z.record), z);
    const shared = records.some((z) => !z.unique);
    if (!shared || now) {
      this.cancel(this.pendingMulticastTimer);
      this.pendingMulticastTimer = undefined;
      this.flushMulticast();
      return;
    }
    this.pendingMulticastTimer ??= this.later(randomIn(SHARED_DELAY_MS), () => {
      this.pendingMulticastTimer = undefined;
      this.flushMulticast();
    });
  }

  private flushMulticast(): void {
    const records = [...this.pendingMulticast.values()];
    this.pendingMulticast.clear();
    if (records.length === 0 || this.state !== "running") return;
    void this.sendMulticast(multicastResponse(this.zone, records), records);
  }

  private sendMulticast(message: DnsMessage, sentRecords?: readonly ZoneRecord[]): Promise<void> {
    const socket = this.multicastSocket;
    if (!socket) return Promise.resolve();
    if (sentRecords) {
      const now = performance.now();
      for (const z of sentRecords) this.lastMulticast.set(recordKey(z.record), now);
    }
    const datagrams =
      message.questions.length > 0
        ? [safeEncode(message, this.options.logger)]
        : encodeResponse(message, this.limits.replyBytes);
    return Promise.all(
      datagrams.filter((d) => d.length > 0).map((d) => this.send(socket, d, MDNS_PORT, MDNS_ADDRESS)),
    ).then(() => undefined);
  }

  private send(socket: Socket, data: Uint8Array, port: number, address: string): Promise<void> {
    return new Promise((resolve) => {
      try {
        socket.send(data, port, address, (error) => {
          if (error) this.options.logger?.debug(`responder send to ${address}:${port}: ${error.message}`);
          resolve();
        });
      } catch (error) {
        this.options.logger?.debug(`responder send to ${address}:${port}: ${(error as Error).message}`);
        resolve();
      }
    });
  }
}

/** A probe (our own records, bounded by the zone); encoding errors are logged, not thrown. */
function safeEncode(message: DnsMessage, logger: ZeroconfLogger | undefined): Uint8Array {
  try {
    return encodeMessage(message);
  } catch (error) {
    logger?.debug(`responder cannot encode a probe: ${(error as Error).message}`);
    return new Uint8Array(0);
  }
}

/** 512 bytes, or what the querier's EDNS OPT record offers (RFC 6891), capped at `replyBytes`. */
function legacyLimit(query: DnsMessage, limits: ResponderLimits): number {
  const opt = query.additionals.find((r) => recordType(r) === 41);
  if (!opt) return limits.legacyReplyBytes;
  const size = (opt.class ?? 1) | (opt.cacheFlush ? UNICAST_RESPONSE_BIT : 0);
  return Math.min(limits.replyBytes, Math.max(limits.legacyReplyBytes, size));
}

/** Uncompressed RDATA bytes of a record (for the §8.2 comparison). */
function rdataBytes(r: DnsRecord): Uint8Array {
  const wire = encodeMessage(
    {
      id: 0,
      flags: 0,
      questions: [],
      answers: [{ ...r, name: "", ttl: 0, cacheFlush: false }],
      authorities: [],
      additionals: [],
    },
    { compress: false },
  );
  return wire.subarray(12 + 1 + 10);
}

function compareRecord(a: DnsRecord, b: DnsRecord): number {
  const byClass = (a.class ?? 1) - (b.class ?? 1);
  if (byClass !== 0) return byClass;
  const byType = recordType(a) - recordType(b);
  if (byType !== 0) return byType;
  const x = rdataBytes(a);
  const y = rdataBytes(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++)
    if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

/** §8.2.1: sort both sets, compare pairwise; the first difference decides, then the longer set wins. */
function compareRecordSets(mine: readonly DnsRecord[], theirs: readonly DnsRecord[]): number {
  const a = [...mine].sort(compareRecord);
  const b = [...theirs].slice(0, 64).sort(compareRecord);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareRecord(a[i] as DnsRecord, b[i] as DnsRecord);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** A responder, not yet started: call `start()`. */
export function createResponder(options: ResponderOptions): Responder {
  return new Responder(options);
}
