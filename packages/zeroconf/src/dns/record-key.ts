/**
 * Record identity as one string, computed once per record in time linear in its size:
 * two records are "the same" (RFC 6762 §7.1 known answers, §7.4 duplicate answers,
 * §10.2 cache flush) when owner name (case-insensitive), type, class and RDATA are equal;
 * TTL and the cache-flush bit do not count. Names inside RDATA compare case-insensitively.
 */
import { DnsClass, RecordType } from "./constants.js";
import { nameKey } from "./name.js";
import type { DnsRecord } from "./types.js";

export function recordType(r: DnsRecord): number {
  return r.type === "unknown" ? r.rrtype : r.type;
}

/** Bytes as a string of char codes 0–255 (cheap, collision-free with length prefixes). */
function bytesKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

/** Identity of the RDATA alone. */
export function rdataKey(r: DnsRecord): string {
  switch (r.type) {
    case RecordType.A:
    case RecordType.AAAA:
      return r.address;
    case RecordType.PTR:
      return nameKey(r.target);
    case RecordType.SRV:
      return `${r.priority}/${r.weight}/${r.port}/${nameKey(r.target)}`;
    case RecordType.TXT: {
      let out = "";
      for (const e of r.entries) out += `${e.length}:${bytesKey(e)}`;
      return out;
    }
    case RecordType.NSEC:
      return `${nameKey(r.nextName)}/${r.types.join(",")}`;
    case "unknown":
      return bytesKey(r.data);
  }
}

/** Owner, type and class: the "RRset" a record belongs to. */
export function rrsetKey(r: DnsRecord): string {
  const name = nameKey(r.name);
  return `${recordType(r)}|${r.class ?? DnsClass.IN}|${name.length}:${name}`;
}

/** Owner, type, class and RDATA. */
export function recordKey(r: DnsRecord): string {
  return `${rrsetKey(r)}|${rdataKey(r)}`;
}
