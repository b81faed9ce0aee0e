/**
 * DNS message decoder. Strict on safety, liberal on form:
 * - every read is bounds-checked and every failure is a `DnsDecodeError` saying what
 *   was wrong and at which offset (never a raw RangeError);
 * - header counts are checked against the bytes left before anything is allocated;
 * - compression pointers must stay inside the message; loops and chains longer than
 *   `MAX_POINTER_HOPS` are rejected, and a name is never longer than 255 bytes;
 * - ID, flags (e.g. a missing QR bit, as pyatv's fake responder sends) and bytes
 *   after the last record are accepted as they are.
 */
import { DnsDecodeError, DnsDecodeReason } from "../errors.js";
import {
  CACHE_FLUSH_BIT,
  MAX_MESSAGE_BYTES,
  MAX_NAME_BYTES,
  RecordType,
  UNICAST_RESPONSE_BIT,
} from "./constants.js";
import { formatIPv4, formatIPv6 } from "./ip.js";
import type { DnsMessage, DnsName, DnsQuestion, DnsRecord } from "./types.js";

const HEADER_BYTES = 12;
const MIN_QUESTION_BYTES = 5; // root name + type + class
const MIN_RECORD_BYTES = 11; // root name + type + class + ttl + rdlength
const MAX_POINTER_HOPS = 64;

const utf8 = new TextDecoder("utf-8", { fatal: true });

function truncated(offset: number, what: string): DnsDecodeError {
  return new DnsDecodeError(DnsDecodeReason.Truncated, offset, `${what} runs past the end of the data`);
}

function u16(buf: Uint8Array, at: number, end: number, what: string): number {
  if (at + 2 > end) throw truncated(at, what);
  return ((buf[at] as number) << 8) | (buf[at + 1] as number);
}

function u32(buf: Uint8Array, at: number, end: number, what: string): number {
  if (at + 4 > end) throw truncated(at, what);
  return (
    (((buf[at] as number) << 24) |
      ((buf[at + 1] as number) << 16) |
      ((buf[at + 2] as number) << 8) |
      (buf[at + 3] as number)) >>>
    0
  );
}

function decodeLabel(buf: Uint8Array, start: number, end: number): string {
  let plain = true;
  let text = "";
  for (let i = start; i < end; i++) {
    const b = buf[i] as number;
    if (b >= 0x80 || b === 0x2e || b === 0x5c) {
      plain = false;
      break;
    }
    text += String.fromCharCode(b);
  }
  if (plain) return text;
  try {
    return utf8.decode(buf.subarray(start, end)).replace(/[.\\]/g, (c) => `\\${c}`);
  } catch {
    // Not UTF-8: keep ASCII, write other bytes as \DDD so the name re-encodes to the same bytes.
    let out = "";
    for (let i = start; i < end; i++) {
      const b = buf[i] as number;
      out +=
        b >= 0x80
          ? `\\${b.toString().padStart(3, "0")}`
          : b === 0x2e || b === 0x5c
            ? `\\${String.fromCharCode(b)}`
            : String.fromCharCode(b);
    }
    return out;
  }
}

/** Names already decoded in this message, by the offset they start at (pointers hit the same offsets again and again). */
export type NameCache = Map<number, { name: DnsName; wireBytes: number }>;

/**
 * Reads a (possibly compressed) name starting at `start`. In-place bytes must end
 * before `limit` (the end of the enclosing RDATA, or of the message); pointers may
 * reach anywhere in the message. Returns the name and the offset after it.
 */
export function decodeName(
  buf: Uint8Array,
  start: number,
  limit = buf.length,
  cache?: NameCache,
): { name: DnsName; next: number } {
  const labels: string[] = [];
  let pos = start;
  let end = limit;
  let next = -1;
  let wireBytes = 1;
  let visited: number[] | undefined;
  // Where each pointer jumped to, with the label count and wire size at that moment, to fill the cache.
  let jumps: [target: number, labelCount: number, wireBytes: number][] | undefined;
  let suffix = "";
  for (;;) {
    if (pos >= end) throw truncated(pos, "name");
    const len = buf[pos] as number;
    const kind = len & 0xc0;
    if (kind === 0) {
      if (len === 0) {
        if (next < 0) next = pos + 1;
        break;
      }
      if (pos + 1 + len > end) throw truncated(pos, `label of ${len} bytes`);
      wireBytes += len + 1;
      if (wireBytes > MAX_NAME_BYTES) {
        throw new DnsDecodeError(
          DnsDecodeReason.NameTooLong,
          start,
          `name longer than ${MAX_NAME_BYTES} bytes`,
        );
      }
      labels.push(decodeLabel(buf, pos + 1, pos + 1 + len));
      pos += 1 + len;
    } else if (kind === 0xc0) {
      if (pos + 2 > end) throw truncated(pos, "compression pointer");
      const target = ((len & 0x3f) << 8) | (buf[pos + 1] as number);
      if (target >= buf.length) {
        throw new DnsDecodeError(
          DnsDecodeReason.PointerOutOfRange,
          pos,
          `compression pointer to offset ${target} outside the ${buf.length}-byte message`,
        );
      }
      visited ??= [];
      if (visited.includes(target) || visited.length >= MAX_POINTER_HOPS) {
        throw new DnsDecodeError(
          DnsDecodeReason.PointerLoop,
          pos,
          `compression pointer loop (pointer to offset ${target})`,
        );
      }
      visited.push(target);
      if (next < 0) next = pos + 2;
      const cached = cache?.get(target);
      if (cached) {
        if (wireBytes + cached.wireBytes - 1 > MAX_NAME_BYTES) {
          throw new DnsDecodeError(
            DnsDecodeReason.NameTooLong,
            start,
            `name longer than ${MAX_NAME_BYTES} bytes`,
          );
        }
        wireBytes += cached.wireBytes - 1;
        suffix = cached.name;
        break;
      }
      if (cache) (jumps ??= []).push([target, labels.length, wireBytes]);
      pos = target;
      end = buf.length;
    } else {
      throw new DnsDecodeError(
        DnsDecodeReason.BadLabelType,
        pos,
        `reserved label type 0x${kind.toString(16)} (length byte 0x${len.toString(16)})`,
      );
    }
  }
  let name = labels.join(".");
  if (suffix !== "") name = name === "" ? suffix : `${name}.${suffix}`;
  if (jumps && cache) {
    for (const [target, count, bytesBefore] of jumps) {
      const tail = labels.slice(count).join(".");
      cache.set(target, {
        name: suffix === "" ? tail : tail === "" ? suffix : `${tail}.${suffix}`,
        wireBytes: wireBytes - bytesBefore + 1,
      });
    }
  }
  return { name, next };
}

function decodeTxt(buf: Uint8Array, start: number, end: number): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let pos = start;
  while (pos < end) {
    const len = buf[pos] as number;
    if (pos + 1 + len > end)
      throw new DnsDecodeError(
        DnsDecodeReason.RdataOverrun,
        pos,
        `TXT string of ${len} bytes overruns RDATA`,
      );
    entries.push(buf.slice(pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  return entries;
}

function decodeNsecTypes(buf: Uint8Array, start: number, end: number): number[] {
  const types: number[] = [];
  let pos = start;
  while (pos < end) {
    if (pos + 2 > end)
      throw new DnsDecodeError(DnsDecodeReason.BadNsecBitmap, pos, "NSEC window header overruns RDATA");
    const window = buf[pos] as number;
    const len = buf[pos + 1] as number;
    if (len < 1 || len > 32)
      throw new DnsDecodeError(DnsDecodeReason.BadNsecBitmap, pos, `NSEC bitmap length ${len} not in 1..32`);
    if (pos + 2 + len > end)
      throw new DnsDecodeError(DnsDecodeReason.BadNsecBitmap, pos, "NSEC bitmap overruns RDATA");
    for (let i = 0; i < len; i++) {
      const byte = buf[pos + 2 + i] as number;
      for (let bit = 0; bit < 8; bit++) if (byte & (0x80 >> bit)) types.push(window * 256 + i * 8 + bit);
    }
    pos += 2 + len;
  }
  // Windows should come in ascending order, once each; be liberal and normalise.
  return [...new Set(types)].sort((a, b) => a - b);
}

function fixedLength(type: string, at: number, actual: number, expected: number): void {
  if (actual !== expected) {
    throw new DnsDecodeError(
      DnsDecodeReason.BadRdataLength,
      at,
      `${type} RDATA is ${actual} bytes, expected ${expected}`,
    );
  }
}

function nameInRdata(buf: Uint8Array, start: number, end: number, cache: NameCache): DnsName {
  const { name, next } = decodeName(buf, start, end, cache);
  if (next > end) throw new DnsDecodeError(DnsDecodeReason.RdataOverrun, start, "name overruns RDATA");
  return name;
}

function decodeRecord(buf: Uint8Array, start: number, cache: NameCache): { record: DnsRecord; next: number } {
  const { name, next: afterName } = decodeName(buf, start, buf.length, cache);
  const type = u16(buf, afterName, buf.length, "record TYPE");
  const rawClass = u16(buf, afterName + 2, buf.length, "record CLASS");
  const ttl = u32(buf, afterName + 4, buf.length, "record TTL");
  const rdlength = u16(buf, afterName + 8, buf.length, "record RDLENGTH");
  const rd = afterName + 10;
  const end = rd + rdlength;
  if (end > buf.length) {
    throw new DnsDecodeError(
      DnsDecodeReason.Truncated,
      afterName + 8,
      `RDATA of ${rdlength} bytes runs past the end of the data`,
    );
  }
  const cls = rawClass & ~CACHE_FLUSH_BIT;
  const cacheFlush = (rawClass & CACHE_FLUSH_BIT) !== 0;
  let record: DnsRecord;
  switch (type) {
    case RecordType.A:
      fixedLength("A", rd, rdlength, 4);
      record = { name, class: cls, cacheFlush, ttl, type, address: formatIPv4(buf, rd) };
      break;
    case RecordType.AAAA:
      fixedLength("AAAA", rd, rdlength, 16);
      record = { name, class: cls, cacheFlush, ttl, type, address: formatIPv6(buf, rd) };
      break;
    case RecordType.PTR:
      record = { name, class: cls, cacheFlush, ttl, type, target: nameInRdata(buf, rd, end, cache) };
      break;
    case RecordType.SRV:
      if (rdlength < 7)
        throw new DnsDecodeError(
          DnsDecodeReason.BadRdataLength,
          rd,
          `SRV RDATA is ${rdlength} bytes, expected at least 7`,
        );
      record = {
        name,
        class: cls,
        cacheFlush,
        ttl,
        type,
        priority: u16(buf, rd, end, "SRV priority"),
        weight: u16(buf, rd + 2, end, "SRV weight"),
        port: u16(buf, rd + 4, end, "SRV port"),
        target: nameInRdata(buf, rd + 6, end, cache),
      };
      break;
    case RecordType.TXT:
      record = { name, class: cls, cacheFlush, ttl, type, entries: decodeTxt(buf, rd, end) };
      break;
    case RecordType.NSEC: {
      const { name: nextName, next } = decodeName(buf, rd, end, cache);
      if (next > end)
        throw new DnsDecodeError(DnsDecodeReason.RdataOverrun, rd, "NSEC next name overruns RDATA");
      record = { name, class: cls, cacheFlush, ttl, type, nextName, types: decodeNsecTypes(buf, next, end) };
      break;
    }
    default:
      record = { name, class: cls, cacheFlush, ttl, type: "unknown", rrtype: type, data: buf.slice(rd, end) };
  }
  return { record, next: end };
}

function decodeQuestion(
  buf: Uint8Array,
  start: number,
  cache: NameCache,
): { question: DnsQuestion; next: number } {
  const { name, next } = decodeName(buf, start, buf.length, cache);
  const type = u16(buf, next, buf.length, "question QTYPE");
  const rawClass = u16(buf, next + 2, buf.length, "question QCLASS");
  return {
    question: {
      name,
      type,
      class: rawClass & ~UNICAST_RESPONSE_BIT,
      unicastResponse: (rawClass & UNICAST_RESPONSE_BIT) !== 0,
    },
    next: next + 4,
  };
}

/** Decodes one DNS message. Throws `DnsDecodeError` (and nothing else) on malformed input. */
export function decodeMessage(bytes: Uint8Array): DnsMessage {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("decodeMessage expects a Uint8Array");
  if (bytes.length > MAX_MESSAGE_BYTES) {
    throw new DnsDecodeError(
      DnsDecodeReason.TooLarge,
      0,
      `message of ${bytes.length} bytes exceeds ${MAX_MESSAGE_BYTES}`,
    );
  }
  if (bytes.length < HEADER_BYTES) throw truncated(0, `${bytes.length}-byte message: the 12-byte header`);
  const counts = [
    u16(bytes, 4, 12, "QDCOUNT"),
    u16(bytes, 6, 12, "ANCOUNT"),
    u16(bytes, 8, 12, "NSCOUNT"),
    u16(bytes, 10, 12, "ARCOUNT"),
  ] as const;
  const [qd, an, ns, ar] = counts;
  const minimum = qd * MIN_QUESTION_BYTES + (an + ns + ar) * MIN_RECORD_BYTES;
  if (minimum > bytes.length - HEADER_BYTES) {
    throw new DnsDecodeError(
      DnsDecodeReason.CountsExceedSize,
      4,
      `header announces ${qd} questions and ${an + ns + ar} records (at least ${minimum} bytes) but only ${bytes.length - HEADER_BYTES} bytes follow`,
    );
  }
  let pos = HEADER_BYTES;
  const cache: NameCache = new Map();
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < qd; i++) {
    const { question, next } = decodeQuestion(bytes, pos, cache);
    questions.push(question);
    pos = next;
  }
  const section = (count: number): DnsRecord[] => {
    const records: DnsRecord[] = [];
    for (let i = 0; i < count; i++) {
      const { record, next } = decodeRecord(bytes, pos, cache);
      records.push(record);
      pos = next;
    }
    return records;
  };
  const answers = section(an);
  const authorities = section(ns);
  const additionals = section(ar);
  return {
    id: u16(bytes, 0, 12, "ID"),
    flags: u16(bytes, 2, 12, "FLAGS"),
    questions,
    answers,
    authorities,
    additionals,
  };
}
