/**
 * The browse state machine, sans-IO: it builds the datagrams to send, takes the
 * datagrams received (with their source), and says which devices are complete.
 * browse.ts owns the sockets and timers.
 */
import { DnsDecodeError } from "../errors.js";
import { DnsFlag, MDNS_PORT, RecordType } from "../dns/constants.js";
import { decodeMessage } from "../dns/decode.js";
import { encodeMessage } from "../dns/encode.js";
import { nameKey } from "../dns/name.js";
import type { DnsMessage, DnsName, DnsQuestion, DnsRecord } from "../dns/types.js";
import {
  DEVICE_INFO_TYPE,
  deviceNameOf,
  normalizeServiceType,
  parseInstanceName,
  SLEEP_PROXY_TYPE,
} from "../service-name.js";
import {
  browseTypes,
  buildBrowseQueries,
  buildQuestionMessages,
  buildWakeQueries,
  UNICAST_QUERY_ID,
} from "./queries.js";
import { MAX_RECORD_BYTES_PER_RESPONDER, MAX_RECORDS_PER_RESPONDER, RecordStore } from "./record-store.js";
import { missingQuestions, resolveInstances, txtProperties, type ResolvedInstance } from "./services.js";
import type { DiscoveredDevice, DiscoveredService } from "./types.js";

export type Destination = { kind: "multicast" } | { kind: "unicast"; address: string; port: number };
export interface Outgoing {
  to: Destination;
  data: Uint8Array;
}
export interface Source {
  address: string;
  port: number;
}

export interface BrowseSessionOptions {
  serviceTypes: readonly string[];
  /** Unicast browse of these hosts; multicast browse when absent. */
  hosts?: readonly string[];
  /** Port of the hosts' responders (unicast browse). Default 5353. */
  port?: number;
  /** A responder is complete once nothing new came from it for this long (and nothing is missing). Default 500. */
  settleMs?: number;
  /** Most responders tracked at once (multicast). Default 256. Same as `limits.maxResponders`. */
  maxResponders?: number;
  /** Caps on what the network can make a browse hold or send (defaults: `DEFAULT_BROWSE_LIMITS`). */
  limits?: Partial<BrowseLimits>;
}

/** What network input can make a browse hold or send; every field has a default. */
export interface BrowseLimits {
  /** Responders (source addresses) tracked at once in a multicast browse. */
  maxResponders: number;
  /** Records kept per responder. */
  maxRecordsPerResponder: number;
  /** Bytes of records (names + data, approximately) kept per responder. */
  maxRecordBytesPerResponder: number;
  /** Sleep-proxy instance names kept (and woken) per responder. */
  maxSleepNamesPerResponder: number;
  /** Follow-up questions asked per responder per datagram or tick. */
  maxFollowUpsPerResponder: number;
  /** Datagrams a tick sends besides the browse queries (follow-ups and wake queries, all responders). */
  maxOutgoingPerTick: number;
  /** Datagrams sent in reaction to one received datagram. */
  maxOutgoingPerReceive: number;
}

export const DEFAULT_BROWSE_LIMITS: Readonly<BrowseLimits> = {
  maxResponders: 256,
  maxRecordsPerResponder: MAX_RECORDS_PER_RESPONDER,
  maxRecordBytesPerResponder: MAX_RECORD_BYTES_PER_RESPONDER,
  maxSleepNamesPerResponder: 32,
  maxFollowUpsPerResponder: 48,
  maxOutgoingPerTick: 64,
  maxOutgoingPerReceive: 8,
};

/** A follow-up question is not asked again within this many ms. */
const FOLLOW_UP_INTERVAL_MS = 1000;

interface Responder {
  address: string;
  store: RecordStore;
  datagrams: number;
  lastChangeMs: number;
  deepSleep: boolean;
  /** Instance names seen behind a sleep proxy, by key. */
  sleepNames: Map<string, DnsName>;
  asked: Map<string, number>;
  emitted: boolean;
  /** resolveInstances() of the store at `version` (the store is re-read only when it changed). */
  resolved?: { version: number; instances: ResolvedInstance[] };
}

export class BrowseSession {
  readonly mode: "unicast" | "multicast";
  readonly types: readonly string[];
  readonly queries: readonly Uint8Array[];
  /** Datagrams that failed to decode (for diagnostics). */
  malformed = 0;
  lastDecodeError: DnsDecodeError | undefined;
  /** Datagrams whose handling threw anyway (dropped; the session keeps going), and the last error. */
  dropped = 0;
  lastError: unknown;
  /** Records, sleep-proxy names and outgoing datagrams left out because a cap was reached. */
  capped = 0;
  readonly limits: Readonly<BrowseLimits>;
  private readonly requested: ReadonlySet<string>;
  private readonly relevant: ReadonlySet<string>;
  private readonly responders = new Map<string, Responder>();
  private readonly port: number;
  private readonly settleMs: number;
  private readonly id: number;

  constructor(options: BrowseSessionOptions) {
    this.mode = options.hosts ? "unicast" : "multicast";
    this.types = browseTypes(options.serviceTypes);
    this.requested = new Set(options.serviceTypes.map(normalizeServiceType));
    this.relevant = new Set([...this.types, SLEEP_PROXY_TYPE]);
    this.port = options.port ?? MDNS_PORT;
    this.settleMs = options.settleMs ?? 500;
    this.limits = {
      ...DEFAULT_BROWSE_LIMITS,
      ...(options.maxResponders !== undefined ? { maxResponders: options.maxResponders } : {}),
      ...options.limits,
    };
    for (const [key, value] of Object.entries(this.limits))
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`BrowseSession: limits.${key} must be ≥ 1`);
    this.id = this.mode === "unicast" ? UNICAST_QUERY_ID : 0;
    this.queries = buildBrowseQueries(this.types, this.id).map((m) => encodeMessage(m, { compress: false }));
    for (const host of options.hosts ?? []) this.responders.set(host, this.newResponder(host));
  }

  /** What the session holds now (to check the caps): totals over every responder. */
  get footprint(): {
    responders: number;
    records: number;
    recordBytes: number;
    sleepNames: number;
    asked: number;
  } {
    const out = { responders: this.responders.size, records: 0, recordBytes: 0, sleepNames: 0, asked: 0 };
    for (const r of this.responders.values()) {
      out.records += r.store.size;
      out.recordBytes += r.store.byteSize;
      out.sleepNames += r.sleepNames.size;
      out.asked += r.asked.size;
    }
    return out;
  }

  /** The first round of queries. */
  start(): Outgoing[] {
    return this.queryRound();
  }

  /** Once a second: queries again (to hosts not yet complete), wake-up queries, follow-ups still missing. */
  tick(nowMs: number): Outgoing[] {
    const extra: Outgoing[] = [];
    for (const r of this.responders.values()) {
      if (extra.length >= this.limits.maxOutgoingPerTick) break;
      if (r.emitted) continue;
      if (r.deepSleep && r.sleepNames.size > 0) extra.push(...this.wakeQueries(r));
      extra.push(...this.followUps(r, nowMs));
    }
    return [...this.queryRound(), ...this.cap(extra, this.limits.maxOutgoingPerTick)];
  }

  private cap(out: Outgoing[], max: number): Outgoing[] {
    if (out.length <= max) return out;
    this.capped += out.length - max;
    return out.slice(0, max);
  }

  /**
   * A datagram arrived from `from`. `direct` is true when it was addressed to us
   * (unicast) rather than to the multicast group. Returns follow-up datagrams to send.
   */
  receive(data: Uint8Array, from: Source, nowMs: number, direct: boolean): Outgoing[] {
    try {
      return this.cap(this.handle(data, from, nowMs, direct), this.limits.maxOutgoingPerReceive);
    } catch (error) {
      // Never throw on what the network sends: count it, keep going.
      this.dropped++;
      this.lastError = error;
      return [];
    }
  }

  private handle(data: Uint8Array, from: Source, nowMs: number, direct: boolean): Outgoing[] {
    let message: DnsMessage;
    try {
      message = decodeMessage(data);
    } catch (e) {
      if (!(e instanceof DnsDecodeError)) throw e;
      this.malformed++;
      this.lastDecodeError = e;
      return [];
    }
    const records = [...message.answers, ...message.additionals];
    let r: Responder | undefined;
    if (this.mode === "unicast") {
      r = this.responders.get(from.address);
      if (!r) return [];
    } else {
      // Liberal: pyatv's fake answers without the QR bit, so accept that on datagrams sent
      // to us directly; on the group only real responses count (queries carry known answers).
      if (!direct && (message.flags & DnsFlag.Response) === 0) return [];
      if (records.length === 0) return [];
      r = this.responders.get(from.address);
      if (!r) {
        if (this.responders.size >= this.limits.maxResponders) {
          this.capped++;
          return [];
        }
        r = this.newResponder(from.address);
        this.responders.set(from.address, r);
      }
    }
    r.datagrams++;
    const out: Outgoing[] = [];
    if (this.detectSleepProxy(r, records)) out.push(...this.wakeQueries(r));
    const version = r.store.version;
    if (r.store.addDatagram(records) > 0 || r.datagrams === 1) r.lastChangeMs = nowMs;
    // Follow-ups only when something changed (the tick asks again for what is still missing).
    if (!r.emitted && (r.store.version !== version || r.datagrams === 1))
      out.push(...this.followUps(r, nowMs));
    return out;
  }

  /** Devices that became complete since the last call. */
  completed(nowMs: number): DiscoveredDevice[] {
    const out: DiscoveredDevice[] = [];
    for (const r of this.responders.values()) {
      if (r.emitted || r.datagrams === 0) continue;
      const instances = this.instances(r);
      if (this.pending(instances).length > 0) continue;
      const device = this.buildDevice(r, instances);
      if (r.deepSleep && device.services.length === 0) continue; // wait for it to wake up
      const answeredAll = this.mode === "unicast" && r.datagrams >= this.queries.length;
      if (!answeredAll && nowMs - r.lastChangeMs < this.settleMs) continue;
      r.emitted = true;
      if (device.services.length > 0) out.push(this.absorbSleepers(device));
    }
    return out;
  }

  /** The scan is over: everything not yet reported that has something to report. */
  finish(): DiscoveredDevice[] {
    const out: DiscoveredDevice[] = [];
    for (const r of this.responders.values()) {
      if (r.emitted || r.datagrams === 0) continue;
      const device = this.buildDevice(r, this.instances(r));
      if (device.services.length > 0 || !r.deepSleep) r.emitted = true;
      if (device.services.length > 0) out.push(this.absorbSleepers(device));
    }
    // Sleep proxies whose device never answered itself: report the sleeping device.
    for (const r of this.responders.values()) {
      if (r.emitted || r.datagrams === 0) continue;
      r.emitted = true;
      const device = this.buildDevice(r, this.instances(r));
      if (device.deepSleep) out.push(device);
    }
    return out;
  }

  /** Unicast browse: every host is complete, so the scan can end now. */
  get done(): boolean {
    if (this.mode !== "unicast") return false;
    for (const r of this.responders.values()) if (!r.emitted) return false;
    return true;
  }

  /**
   * Multicast: a sleep proxy (another address) spoke for this device earlier; the device
   * is the same one, so it is reported once, marked as deep-sleeping (pyatv: deep_sleep
   * comes from the response that created the device), and the proxy is not reported.
   */
  private absorbSleepers(device: DiscoveredDevice): DiscoveredDevice {
    if (this.mode !== "multicast") return device;
    let deepSleep = device.deepSleep;
    for (const other of this.responders.values()) {
      if (other.emitted || !other.deepSleep || other.address === device.address) continue;
      if (this.buildDevice(other, this.instances(other)).address !== device.address) continue;
      other.emitted = true;
      deepSleep = true;
    }
    return { ...device, deepSleep };
  }

  private queryRound(): Outgoing[] {
    const out: Outgoing[] = [];
    if (this.mode === "multicast") {
      for (const data of this.queries) out.push({ to: { kind: "multicast" }, data });
      return out;
    }
    for (const r of this.responders.values()) {
      if (r.emitted) continue;
      for (const data of this.queries)
        out.push({ to: { kind: "unicast", address: r.address, port: this.port }, data });
    }
    return out;
  }

  private destination(r: Responder): Destination {
    return this.mode === "unicast"
      ? { kind: "unicast", address: r.address, port: this.port }
      : { kind: "multicast" };
  }

  /** Only instances of asked types (and `_device-info`) are followed up; sleep-proxy servers are not. */
  private pending(instances: readonly ResolvedInstance[]) {
    return missingQuestions(instances.filter((i) => i.type !== SLEEP_PROXY_TYPE));
  }

  private followUps(r: Responder, nowMs: number): Outgoing[] {
    const max = this.limits.maxFollowUpsPerResponder;
    const questions: DnsQuestion[] = [];
    for (const q of this.pending(this.instances(r))) {
      const key = `${nameKey(q.name)}|${q.type}`;
      const last = r.asked.get(key);
      if (last !== undefined && nowMs - last < FOLLOW_UP_INTERVAL_MS) continue;
      if (questions.length >= max) {
        this.capped++;
        break;
      }
      r.asked.delete(key); // re-inserted last: the map stays in time order
      r.asked.set(key, nowMs);
      questions.push(q);
    }
    // `asked` holds what was asked within the last interval (older keys are dropped), so it
    // is bounded by what can be asked per interval.
    for (const [key, at] of r.asked) {
      if (nowMs - at < FOLLOW_UP_INTERVAL_MS && r.asked.size <= 4 * max) break;
      r.asked.delete(key);
    }
    const to = this.destination(r);
    return buildQuestionMessages(questions, this.id).map((m) => ({ to, data: encodeMessage(m) }));
  }

  private wakeQueries(r: Responder): Outgoing[] {
    const to: Destination = {
      kind: "unicast",
      address: r.address,
      port: this.mode === "unicast" ? this.port : MDNS_PORT,
    };
    return buildWakeQueries([...r.sleepNames.values()], this.id).map((m) => ({ to, data: encodeMessage(m) }));
  }

  /**
   * zeroconf.md §6.4: a datagram whose services all have port 0 comes from a sleep proxy.
   * Deviation from pyatv: only SRV records count (a PTR without SRV is not "port 0"),
   * so a responder that answers PTR alone is not taken for a sleep proxy.
   */
  private detectSleepProxy(r: Responder, records: readonly DnsRecord[]): boolean {
    const srvs = records.filter(
      (x): x is Extract<DnsRecord, { type: typeof RecordType.SRV }> =>
        x.type === RecordType.SRV && this.isServiceOfInterest(x.name),
    );
    if (srvs.length === 0 || srvs.some((s) => s.port !== 0)) return false;
    r.deepSleep = true;
    for (const s of srvs) {
      const key = nameKey(s.name);
      if (r.sleepNames.has(key)) continue;
      if (r.sleepNames.size >= this.limits.maxSleepNamesPerResponder) {
        this.capped++;
        break;
      }
      r.sleepNames.set(key, s.name);
    }
    return true;
  }

  private isServiceOfInterest(name: DnsName): boolean {
    const type = parseInstanceName(name)?.type;
    return type !== undefined && type !== DEVICE_INFO_TYPE && this.types.includes(type);
  }

  private buildDevice(r: Responder, instances: readonly ResolvedInstance[]): DiscoveredDevice {
    const services: DiscoveredService[] = [];
    let name: string | undefined;
    let deviceInfoName: string | undefined;
    const models: [string, string][] = [];
    let sleepingAddress: string | undefined;
    for (const i of instances) {
      if (i.type === DEVICE_INFO_TYPE) {
        deviceInfoName ??= i.instance.normalize("NFC");
        const model = txtProperties(i.txt).properties["model"];
        if (model) models.push([i.instance.normalize("NFC"), model]);
        continue;
      }
      name ??= deviceNameOf(i.type, i.instance)?.normalize("NFC");
      if (i.srv?.port === 0 && i.address) sleepingAddress ??= i.address;
      if (!this.requested.has(i.type) || !i.srv || i.srv.port === 0) continue;
      const { properties, raw } = txtProperties(i.txt);
      services.push({
        type: i.type,
        name: i.instance.normalize("NFC"),
        port: i.srv.port,
        address: i.address ?? r.address,
        host: i.srv.target,
        properties,
        rawProperties: raw,
      });
    }
    name = deviceInfoName ?? name;
    const model = models.find(([n]) => n.toLowerCase() === name?.toLowerCase())?.[1] ?? models[0]?.[1];
    const address =
      r.deepSleep && this.mode === "multicast" && services.length === 0 && sleepingAddress
        ? sleepingAddress
        : r.address;
    return {
      address,
      ...(name !== undefined ? { name } : {}),
      deepSleep: r.deepSleep,
      ...(model !== undefined ? { model } : {}),
      services,
    };
  }

  private instances(r: Responder): ResolvedInstance[] {
    if (r.resolved?.version !== r.store.version)
      r.resolved = { version: r.store.version, instances: resolveInstances(r.store, this.relevant) };
    return r.resolved.instances;
  }

  private newResponder(address: string): Responder {
    return newResponder(address, this.limits);
  }
}

function newResponder(address: string, limits: BrowseLimits): Responder {
  return {
    address,
    store: new RecordStore({
      maxRecords: limits.maxRecordsPerResponder,
      maxBytes: limits.maxRecordBytesPerResponder,
    }),
    datagrams: 0,
    lastChangeMs: 0,
    deepSleep: false,
    sleepNames: new Map(),
    asked: new Map(),
    emitted: false,
  };
}
