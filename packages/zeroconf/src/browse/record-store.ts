/** Records received from one responder, deduplicated, with cache-flush and goodbye handling. */
import { RecordType } from "../dns/constants.js";
import { nameKey } from "../dns/name.js";
import type { DnsName, DnsRecord } from "../dns/types.js";

/** A hostile responder cannot make us keep more than this many records. */
export const MAX_RECORDS_PER_RESPONDER = 512;

function typeOf(r: DnsRecord): number {
  return r.type === "unknown" ? r.rrtype : r.type;
}

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Identity of a record's data (two records with the same owner, type and this key are the same). */
function dataKey(r: DnsRecord): string {
  switch (r.type) {
    case RecordType.A:
    case RecordType.AAAA:
      return r.address;
    case RecordType.PTR:
      return nameKey(r.target);
    case RecordType.SRV:
      return `${r.priority}/${r.weight}/${r.port}/${nameKey(r.target)}`;
    case RecordType.TXT:
      return r.entries.map(hexOf).join(",");
    case RecordType.NSEC:
      return `${nameKey(r.nextName)}/${r.types.join(",")}`;
    case "unknown":
      return hexOf(r.data);
  }
}

export class RecordStore {
  private readonly byName = new Map<string, { name: DnsName; byType: Map<number, DnsRecord[]> }>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /**
   * Adds the records of one datagram. A record with the cache-flush bit replaces the
   * records of the same name and type that this datagram does not repeat; a TTL of 0
   * (goodbye) removes the record. Returns how many records were new.
   */
  addDatagram(records: readonly DnsRecord[]): number {
    const flush = new Set<string>();
    const asserted = new Set<DnsRecord>();
    let added = 0;
    for (const r of records) {
      const key = nameKey(r.name);
      const type = typeOf(r);
      let entry = this.byName.get(key);
      const list = entry?.byType.get(type) ?? [];
      const dk = dataKey(r);
      const existing = list.findIndex((x) => dataKey(x) === dk);
      if (r.ttl === 0) {
        if (existing >= 0) {
          list.splice(existing, 1);
          this.count--;
        }
        continue;
      }
      if (r.cacheFlush) flush.add(`${key}|${type}`);
      if (existing >= 0) {
        asserted.add(list[existing] as DnsRecord);
        continue;
      }
      if (this.count >= MAX_RECORDS_PER_RESPONDER) continue;
      if (!entry) {
        entry = { name: r.name, byType: new Map() };
        this.byName.set(key, entry);
      }
      entry.byType.set(type, list);
      list.push(r);
      asserted.add(r);
      this.count++;
      added++;
    }
    for (const k of flush) {
      const bar = k.lastIndexOf("|");
      const list = this.byName.get(k.slice(0, bar))?.byType.get(Number(k.slice(bar + 1)));
      if (!list) continue;
      const kept = list.filter((x) => asserted.has(x));
      this.count -= list.length - kept.length;
      list.splice(0, list.length, ...kept);
    }
    return added;
  }

  get<T extends DnsRecord["type"]>(name: DnsName, type: T): Extract<DnsRecord, { type: T }>[] {
    const list = this.byName.get(nameKey(name))?.byType.get(type as number) ?? [];
    return list as Extract<DnsRecord, { type: T }>[];
  }

  /** Owner names (as first received) that have records of the given type, in arrival order. */
  ownersOf(type: number): DnsName[] {
    const out: DnsName[] = [];
    for (const { name, byType } of this.byName.values())
      if ((byType.get(type)?.length ?? 0) > 0) out.push(name);
    return out;
  }
}
