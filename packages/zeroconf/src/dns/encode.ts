/**
 * DNS message encoder. Misuse (a label over 63 bytes, a name over 255, a port out
 * of range, a message over 65535 bytes…) throws `RangeError`/`TypeError`: it is a
 * caller bug, not a wire problem.
 */
import {
  CACHE_FLUSH_BIT,
  DnsClass,
  MAX_LABEL_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_NAME_BYTES,
  RecordType,
  UNICAST_RESPONSE_BIT,
} from "./constants.js";
import { parseIPv4, parseIPv6 } from "./ip.js";
import { nameToWireLabels } from "./name.js";
import type { DnsMessage, DnsName, DnsQuestion, DnsRecord } from "./types.js";

const utf8 = new TextEncoder();

export interface EncodeOptions {
  /** Use name compression (RFC 1035 §4.1.4). Default true. pyatv sends uncompressed names. */
  compress?: boolean;
}

class Writer {
  buf = new Uint8Array(512);
  length = 0;
  private readonly names = new Map<string, number>();

  constructor(private readonly compress: boolean) {}

  private ensure(extra: number): void {
    const need = this.length + extra;
    if (need > MAX_MESSAGE_BYTES) throw new RangeError(`DNS message would exceed ${MAX_MESSAGE_BYTES} bytes`);
    if (need <= this.buf.length) return;
    const bigger = new Uint8Array(Math.min(MAX_MESSAGE_BYTES, Math.max(need, this.buf.length * 2)));
    bigger.set(this.buf.subarray(0, this.length));
    this.buf = bigger;
  }

  u8(value: number): void {
    this.ensure(1);
    this.buf[this.length++] = value;
  }

  u16(value: number, what: string): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff)
      throw new RangeError(`${what} must be an integer in 0..65535, got ${value}`);
    this.ensure(2);
    this.buf[this.length++] = value >> 8;
    this.buf[this.length++] = value & 0xff;
  }

  u32(value: number, what: string): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
      throw new RangeError(`${what} must be an integer in 0..2^32-1, got ${value}`);
    this.ensure(4);
    this.buf[this.length++] = (value >>> 24) & 0xff;
    this.buf[this.length++] = (value >>> 16) & 0xff;
    this.buf[this.length++] = (value >>> 8) & 0xff;
    this.buf[this.length++] = value & 0xff;
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  /** Forgets everything written from `length` on (and the compression targets there). */
  rollback(length: number): void {
    this.length = length;
    for (const [key, at] of this.names) if (at >= length) this.names.delete(key);
  }

  setU16(at: number, value: number): void {
    this.buf[at] = value >> 8;
    this.buf[at + 1] = value & 0xff;
  }

  name(name: DnsName): void {
    // Fast path: no escapes, so labels are the dot-separated parts and every suffix of
    // the text is a compression key. Otherwise keys are built from the label bytes.
    const plain = !name.includes("\\");
    const text = plain && name.endsWith(".") ? name.slice(0, -1) : name;
    const labels = plain ? (text === "" ? [] : text.split(".").map(labelBytes)) : nameToWireLabels(name);
    let wire = 1;
    for (const l of labels) {
      if (l.length === 0) throw new RangeError(`empty label in DNS name ${JSON.stringify(name)}`);
      if (l.length > MAX_LABEL_BYTES) {
        throw new RangeError(
          `DNS label of ${l.length} bytes exceeds ${MAX_LABEL_BYTES} in ${JSON.stringify(name)}`,
        );
      }
      wire += l.length + 1;
    }
    if (wire > MAX_NAME_BYTES) {
      throw new RangeError(`DNS name of ${wire} bytes exceeds ${MAX_NAME_BYTES}: ${JSON.stringify(name)}`);
    }
    const keys = !this.compress ? [] : plain ? textSuffixes(text, labels.length) : byteSuffixes(labels);
    for (let i = 0; i < labels.length; i++) {
      if (this.compress) {
        const key = keys[i] as string;
        const at = this.names.get(key);
        if (at !== undefined) {
          this.u16(0xc000 | at, "pointer");
          return;
        }
        if (this.length < 0x4000) this.names.set(key, this.length);
      }
      const label = labels[i] as Uint8Array;
      this.u8(label.length);
      this.bytes(label);
    }
    this.u8(0);
  }
}

function labelBytes(label: string): Uint8Array {
  for (let i = 0; i < label.length; i++) if (label.charCodeAt(i) >= 0x80) return utf8.encode(label);
  const out = new Uint8Array(label.length);
  for (let i = 0; i < label.length; i++) out[i] = label.charCodeAt(i);
  return out;
}

/** Suffixes of an unescaped name text: "a.b.c" → ["a.b.c", "b.c", "c"]. Same text ⇔ same bytes. */
function textSuffixes(text: string, count: number): string[] {
  const keys: string[] = [text];
  let at = 0;
  for (let i = 1; i < count; i++) {
    at = text.indexOf(".", at) + 1;
    keys.push(text.slice(at));
  }
  return keys;
}

/** Keys from label bytes (names with escapes); a leading NUL keeps them apart from text keys. */
function byteSuffixes(labels: readonly Uint8Array[]): string[] {
  const keys: string[] = [];
  let key = "";
  for (let i = labels.length - 1; i >= 0; i--) {
    const label = labels[i] as Uint8Array;
    let part = String.fromCharCode(label.length);
    for (const b of label) part += String.fromCharCode(b);
    key = part + key;
    keys[i] = `\0${key}`;
  }
  return keys;
}

function writeQuestion(w: Writer, q: DnsQuestion): void {
  w.name(q.name);
  w.u16(q.type, "question type");
  const cls = q.class ?? DnsClass.IN;
  if (cls > 0x7fff) throw new RangeError(`question class ${cls} collides with the QU bit`);
  w.u16(cls | (q.unicastResponse ? UNICAST_RESPONSE_BIT : 0), "question class");
}

function writeRdata(w: Writer, r: DnsRecord): void {
  switch (r.type) {
    case RecordType.A: {
      const ip = parseIPv4(r.address);
      if (!ip) throw new TypeError(`A record ${r.name}: not an IPv4 address: ${r.address}`);
      w.bytes(ip);
      return;
    }
    case RecordType.AAAA: {
      const ip = parseIPv6(r.address);
      if (!ip) throw new TypeError(`AAAA record ${r.name}: not an IPv6 address: ${r.address}`);
      w.bytes(ip);
      return;
    }
    case RecordType.PTR:
      w.name(r.target);
      return;
    case RecordType.SRV:
      w.u16(r.priority, "SRV priority");
      w.u16(r.weight, "SRV weight");
      w.u16(r.port, "SRV port");
      w.name(r.target);
      return;
    case RecordType.TXT: {
      // Faithful: no entries → empty RDATA. (`buildTxt` gives the RFC 6763 §6.1 single empty string.)
      for (const e of r.entries) {
        if (e.length > 255) throw new RangeError(`TXT string of ${e.length} bytes exceeds 255 in ${r.name}`);
        w.u8(e.length);
        w.bytes(e);
      }
      return;
    }
    case RecordType.NSEC: {
      // RFC 6762 §18.14: in mDNS the NSEC next-name may be compressed too.
      w.name(r.nextName);
      w.bytes(nsecBitmap(r.types));
      return;
    }
    case "unknown":
      w.bytes(r.data);
      return;
    default: {
      const never: never = r;
      throw new TypeError(`unsupported record ${JSON.stringify(never)}`);
    }
  }
}

function nsecBitmap(types: readonly number[]): Uint8Array {
  const windows = new Map<number, Uint8Array>();
  for (const t of types) {
    if (!Number.isInteger(t) || t < 0 || t > 0xffff) throw new RangeError(`NSEC type ${t} out of range`);
    const window = t >> 8;
    const bits = windows.get(window) ?? new Uint8Array(32);
    const low = t & 0xff;
    bits[low >> 3] = (bits[low >> 3] as number) | (0x80 >> (low & 7));
    windows.set(window, bits);
  }
  const parts: number[] = [];
  for (const window of [...windows.keys()].sort((a, b) => a - b)) {
    const bits = windows.get(window) as Uint8Array;
    let len = 32;
    while (len > 0 && bits[len - 1] === 0) len--;
    parts.push(window, len, ...bits.subarray(0, len));
  }
  return Uint8Array.from(parts);
}

function writeRecord(w: Writer, r: DnsRecord): void {
  w.name(r.name);
  w.u16(r.type === "unknown" ? r.rrtype : r.type, "record type");
  const cls = r.class ?? DnsClass.IN;
  if (cls > 0x7fff) throw new RangeError(`record class ${cls} collides with the cache-flush bit`);
  w.u16(cls | (r.cacheFlush ? CACHE_FLUSH_BIT : 0), "record class");
  w.u32(r.ttl, "TTL");
  const lengthAt = w.length;
  w.u16(0, "RDLENGTH");
  writeRdata(w, r);
  const rdlength = w.length - lengthAt - 2;
  if (rdlength > 0xffff) throw new RangeError(`RDATA of ${r.name} exceeds 65535 bytes`);
  w.setU16(lengthAt, rdlength);
}

/** Encodes one DNS message. */
export function encodeMessage(message: DnsMessage, options: EncodeOptions = {}): Uint8Array {
  const w = new Writer(options.compress ?? true);
  w.u16(message.id, "message id");
  w.u16(message.flags, "message flags");
  w.u16(message.questions.length, "question count");
  w.u16(message.answers.length, "answer count");
  w.u16(message.authorities.length, "authority count");
  w.u16(message.additionals.length, "additional count");
  for (const q of message.questions) writeQuestion(w, q);
  for (const r of message.answers) writeRecord(w, r);
  for (const r of message.authorities) writeRecord(w, r);
  for (const r of message.additionals) writeRecord(w, r);
  return w.buf.slice(0, w.length);
}

export interface FittedMessage {
  data: Uint8Array;
  /** How many items of each section fit (a prefix of each). */
  questions: number;
  answers: number;
  authorities: number;
  additionals: number;
  /** Something of the questions, answers or authorities did not fit. */
  truncated: boolean;
}

/**
 * Encodes as much of `message` as fits in `maxBytes` (≤ 65535), section by section, and
 * never throws for size: an item that does not fit (or cannot be encoded) ends its
 * section, and the next sections are tried only if the previous one was complete
 * (additionals excepted: they are optional, so they are tried even if nothing else is
 * missing). Header counts say what was written. The caller sets the TC bit if it cares.
 */
export function encodeMessageWithin(
  message: DnsMessage,
  maxBytes: number,
  options: EncodeOptions = {},
): FittedMessage {
  const limit = Math.min(maxBytes, MAX_MESSAGE_BYTES);
  const w = new Writer(options.compress ?? true);
  w.u16(message.id, "message id");
  w.u16(message.flags, "message flags");
  for (let i = 0; i < 4; i++) w.u16(0, "count");
  const fitted = (items: readonly unknown[], write: (item: never) => void): number => {
    let n = 0;
    for (const item of items) {
      const mark = w.length;
      try {
        write(item as never);
      } catch (error) {
        if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
        w.rollback(mark);
        break;
      }
      if (w.length > limit) {
        w.rollback(mark);
        break;
      }
      n++;
    }
    return n;
  };
  const questions = fitted(message.questions, (q: DnsQuestion) => writeQuestion(w, q));
  const answers =
    questions === message.questions.length ? fitted(message.answers, (r: DnsRecord) => writeRecord(w, r)) : 0;
  const authorities =
    answers === message.answers.length && questions === message.questions.length
      ? fitted(message.authorities, (r: DnsRecord) => writeRecord(w, r))
      : 0;
  const additionals = fitted(message.additionals, (r: DnsRecord) => writeRecord(w, r));
  w.setU16(4, questions);
  w.setU16(6, answers);
  w.setU16(8, authorities);
  w.setU16(10, additionals);
  return {
    data: w.buf.slice(0, w.length),
    questions,
    answers,
    authorities,
    additionals,
    truncated:
      questions < message.questions.length ||
      answers < message.answers.length ||
      authorities < message.authorities.length,
  };
}
