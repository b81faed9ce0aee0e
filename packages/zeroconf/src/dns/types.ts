import type { RecordType } from "./constants.js";

/**
 * Names are written as dotted strings without the trailing dot ("" is the root).
 * A dot or backslash *inside* a label is escaped as `\.` / `\\` (RFC 1035 §5.1
 * presentation form), so DNS-SD instance names such as `My.TV` survive:
 * `My\.TV._airplay._tcp.local`. Use `joinLabels` / `splitLabels` to convert.
 */
export type DnsName = string;

export interface DnsQuestion {
  name: DnsName;
  /** QTYPE: a `RecordType` value or any other number (e.g. ANY = 255). */
  type: number;
  /** QCLASS without the QU bit; defaults to IN (1) when encoding. */
  class?: number;
  /** The QU bit (top bit of QCLASS): "please answer by unicast". */
  unicastResponse?: boolean;
}

interface RecordBase {
  name: DnsName;
  /** CLASS without the cache-flush bit; defaults to IN (1) when encoding. */
  class?: number;
  /** The cache-flush bit (top bit of CLASS). */
  cacheFlush?: boolean;
  /** Seconds. */
  ttl: number;
}

export interface ARecord extends RecordBase {
  type: typeof RecordType.A;
  /** Dotted quad. */
  address: string;
}
export interface AaaaRecord extends RecordBase {
  type: typeof RecordType.AAAA;
  /** RFC 5952 text form (lower case, longest zero run compressed). */
  address: string;
}
export interface PtrRecord extends RecordBase {
  type: typeof RecordType.PTR;
  target: DnsName;
}
export interface SrvRecord extends RecordBase {
  type: typeof RecordType.SRV;
  priority: number;
  weight: number;
  port: number;
  target: DnsName;
}
export interface TxtRecord extends RecordBase {
  type: typeof RecordType.TXT;
  /** The character-strings as raw bytes (each at most 255 bytes). See `parseTxt`. */
  entries: Uint8Array[];
}
export interface NsecRecord extends RecordBase {
  type: typeof RecordType.NSEC;
  nextName: DnsName;
  /** Record types present, ascending. */
  types: number[];
}
/** Any record type this package does not interpret; `rrtype` is the wire TYPE. */
export interface UnknownRecord extends RecordBase {
  type: "unknown";
  rrtype: number;
  data: Uint8Array;
}

export type DnsRecord = ARecord | AaaaRecord | PtrRecord | SrvRecord | TxtRecord | NsecRecord | UnknownRecord;

export interface DnsMessage {
  id: number;
  /** Raw FLAGS field (see `DnsFlag`). */
  flags: number;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
}
