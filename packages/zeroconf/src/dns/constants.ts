/** DNS record types this package understands (RFC 1035, 3596, 2782, 4034, 6762). */
export const RecordType = {
  A: 1,
  PTR: 12,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  NSEC: 47,
  /** Question type only: "every record of this name". */
  ANY: 255,
} as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

/** DNS classes. mDNS only uses IN. */
export const DnsClass = {
  IN: 1,
  ANY: 255,
} as const;
export type DnsClass = (typeof DnsClass)[keyof typeof DnsClass];

/** Bits of the header FLAGS field. */
export const DnsFlag = {
  /** Response (QR). */
  Response: 0x8000,
  /** Authoritative answer (AA). */
  Authoritative: 0x0400,
  /** Truncated (TC). */
  Truncated: 0x0200,
  /** Recursion desired (RD). */
  RecursionDesired: 0x0100,
  /** Authentic data (AD). */
  AuthenticData: 0x0020,
} as const;

/** Top bit of QCLASS: "unicast response requested" (QU, RFC 6762 §5.4). */
export const UNICAST_RESPONSE_BIT = 0x8000;
/** Top bit of a record's CLASS: "cache flush" (RFC 6762 §10.2). */
export const CACHE_FLUSH_BIT = 0x8000;

/** mDNS IPv4 group and port. */
export const MDNS_ADDRESS = "224.0.0.251";
export const MDNS_PORT = 5353;

/** Largest message the decoder accepts: the largest UDP payload. */
export const MAX_MESSAGE_BYTES = 65_535;
/** Largest name in wire form, length bytes and terminating zero included (RFC 1035 §2.3.4). */
export const MAX_NAME_BYTES = 255;
/** Largest label (RFC 1035 §2.3.4). */
export const MAX_LABEL_BYTES = 63;
