/**
 * Records received from one responder, deduplicated, with cache-flush and goodbye handling.
 * Record identity is a precomputed key (owner, type, class, RDATA), so adding a datagram
 * costs time linear in its size; the store is capped by record count and by bytes.
 */
import { nameKey } from "../dns/name.js";
import { rdataKey, recordType } from "../dns/record-key.js";
import type { DnsName, DnsRecord } from "../dns/types.js";

/** A hostile responder cannot make us keep more than this many records. */
export const MAX_RECORDS_PER_RESPONDER = 512;
/** …nor more than about this many bytes of them (names + data). */
export const MAX_RECORD_BYTES_PER_RESPONDER = 65_536;

interface Entry {
  name: DnsName;
  /** type → RDATA key → record (insertion order = arrival order). */
  byType: Map<number, Map<string, DnsRecord>>;
}

function orderKey(key: string, type: number, dataKey: string): string {
  return `${type}|${key.length}:${key}|${dataKey}`;
}

/** What a record costs in the store: its names and data, plus a fixed overhead. */
function cost(name: string, dataKey: string): number {
  return 32 + name.length + dataKey.length;
}

export interface RecordStoreLimits {
  maxRecords?: number;
  maxBytes?: number;
}

export class RecordStore {
  private readonly byName = new Map<string, Entry>();
  /** Every record kept, oldest (least recently received) first: evicted first when full. */
  private readonly order = new Map<string, [key: string, type: number, dataKey: string]>();
  private count = 0;
  private bytes = 0;
  private readonly maxRecords: number;
  private readonly maxBytes: number;
  /** Records evicted (or not kept) because a cap was reached. */
  dropped = 0;
  /** Changes whenever a record is added or removed (for callers that cache what they derive). */
  version = 0;

  constructor(limits: RecordStoreLimits = {}) {
    this.maxRecords = limits.maxRecords ?? MAX_RECORDS_PER_RESPONDER;
    this.maxBytes = limits.maxBytes ?? MAX_RECORD_BYTES_PER_RESPONDER;
  }

  get size(): number {
    return this.count;
  }

  /** Approximate bytes held (names + data + overhead per record). */
  get byteSize(): number {
    return this.bytes;
  }

  private remove(key: string, entry: Entry, type: number, list: Map<string, DnsRecord>, dk: string): void {
    if (!list.delete(dk)) return;
    this.order.delete(orderKey(key, type, dk));
    this.version++;
    this.count--;
    this.bytes -= cost(key, dk);
    if (list.size === 0) entry.byType.delete(type);
    if (entry.byType.size === 0) this.byName.delete(key);
  }

  /**
   * Adds the records of one datagram. A record with the cache-flush bit replaces the
   * records of the same name and type that this datagram does not repeat; a TTL of 0
   * (goodbye) removes the record. Returns how many records were new.
   */
  addDatagram(records: readonly DnsRecord[]): number {
    /** name key|type → RDATA keys this datagram asserted, for the cache-flush sets. */
    const flush = new Map<string, { key: string; type: number; asserted: Set<string> }>();
    let added = 0;
    for (const r of records) {
      const key = nameKey(r.name);
      const type = recordType(r);
      const dk = rdataKey(r);
      let entry = this.byName.get(key);
      const list = entry?.byType.get(type);
      if (r.ttl === 0) {
        if (entry && list) this.remove(key, entry, type, list, dk);
        continue;
      }
      if (r.cacheFlush) {
        const fk = `${type}|${key}`;
        let f = flush.get(fk);
        if (!f) flush.set(fk, (f = { key, type, asserted: new Set() }));
        f.asserted.add(dk);
      }
      const ok = orderKey(key, type, dk);
      if (list?.has(dk)) {
        // Heard again: now the youngest.
        const at = this.order.get(ok);
        if (at) {
          this.order.delete(ok);
          this.order.set(ok, at);
        }
        continue;
      }
      const size = cost(key, dk);
      if (size > this.maxBytes) {
        this.dropped++;
        continue;
      }
      // Full: the least recently heard records make room (a flood cannot lock out later
      // answers). An eighth of the store goes at once, so a flood costs one pass per batch.
      if (this.count >= this.maxRecords || this.bytes + size > this.maxBytes) this.evict(size);
      entry = this.byName.get(key);
      if (!entry) {
        entry = { name: r.name, byType: new Map() };
        this.byName.set(key, entry);
      }
      let target = entry.byType.get(type);
      if (!target) {
        target = new Map();
        entry.byType.set(type, target);
      }
      target.set(dk, r);
      this.order.set(ok, [key, type, dk]);
      this.version++;
      this.count++;
      this.bytes += size;
      added++;
    }
    for (const { key, type, asserted } of flush.values()) {
      const entry = this.byName.get(key);
      const list = entry?.byType.get(type);
      if (!entry || !list) continue;
      for (const dk of [...list.keys()]) if (!asserted.has(dk)) this.remove(key, entry, type, list, dk);
    }
    return added;
  }

  private evict(incoming: number): void {
    const records = this.maxRecords - Math.max(1, this.maxRecords >> 3);
    const bytes = this.maxBytes - Math.max(incoming, this.maxBytes >> 3);
    for (const [ok, [k, t, d]] of this.order) {
      if (this.count <= records && this.bytes <= bytes) break;
      const e = this.byName.get(k);
      const l = e?.byType.get(t);
      if (e && l) this.remove(k, e, t, l, d);
      else this.order.delete(ok);
      this.dropped++;
    }
  }

  get<T extends DnsRecord["type"]>(name: DnsName, type: T): Extract<DnsRecord, { type: T }>[] {
    const list = this.byName.get(nameKey(name))?.byType.get(type as number);
    return list ? ([...list.values()] as Extract<DnsRecord, { type: T }>[]) : [];
  }

  /** Owner names (as first received) that have records of the given type, in arrival order. */
  ownersOf(type: number): DnsName[] {
    const out: DnsName[] = [];
    for (const { name, byType } of this.byName.values())
      if ((byType.get(type)?.size ?? 0) > 0) out.push(name);
    return out;
  }
}
