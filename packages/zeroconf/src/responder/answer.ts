/**
 * How a responder answers one query (RFC 6762 §5–§7, RFC 6763 §12), sans-IO:
 * - several questions per datagram, QTYPE ANY, class IN or ANY;
 * - QU questions, and every question of a query sent straight to our unicast socket,
 *   are answered by unicast; legacy queries (source port ≠ 5353) by unicast to the
 *   source with the ID and questions echoed, TTLs capped at 10 s and no cache-flush bit;
 *   the rest by multicast;
 * - known-answer suppression: a record the querier listed with at least half our TTL
 *   is not repeated;
 * - additional records: SRV/TXT (+A, NSEC, `_device-info`) for a PTR, A for an SRV.
 */
import { DnsClass, DnsFlag, RecordType } from "../dns/constants.js";
import { encodeMessage } from "../dns/encode.js";
import { nameKey } from "../dns/name.js";
import type { DnsMessage, DnsRecord } from "../dns/types.js";
import { DEVICE_INFO_TYPE } from "../service-name.js";
import type { ZoneRecord } from "./zone.js";

export interface AnswerContext {
  /** Source port was not 5353: a legacy (one-shot) resolver (RFC 6762 §6.7). */
  legacy: boolean;
  /** The query reached our unicast socket: answer everything by unicast. */
  forceUnicast: boolean;
}

export interface AnswerPlan {
  unicast?: DnsMessage;
  multicast?: DnsMessage;
}

const LEGACY_TTL_CAP = 10;
/** RFC 6762 §17: stay under 9000 bytes of IP payload. */
export const MAX_RESPONSE_BYTES = 8940;

function typeOf(r: DnsRecord): number {
  return r.type === "unknown" ? r.rrtype : r.type;
}

/** Same owner, type and data (TTL and cache-flush bit ignored). */
export function sameRecord(a: DnsRecord, b: DnsRecord): boolean {
  if (typeOf(a) !== typeOf(b) || nameKey(a.name) !== nameKey(b.name)) return false;
  return Buffer.from(encodeMessage(single({ ...a, ttl: 0, cacheFlush: false }))).equals(
    Buffer.from(encodeMessage(single({ ...b, ttl: 0, cacheFlush: false }))),
  );
}

function single(r: DnsRecord): DnsMessage {
  return { id: 0, flags: 0, questions: [], answers: [r], authorities: [], additionals: [] };
}

function additionalsFor(zone: readonly ZoneRecord[], answers: readonly ZoneRecord[]): ZoneRecord[] {
  const byName = (name: string, ...types: number[]): ZoneRecord[] =>
    zone.filter((z) => nameKey(z.record.name) === nameKey(name) && types.includes(typeOf(z.record)));
  const out: ZoneRecord[] = [];
  const push = (list: ZoneRecord[]): void => {
    for (const z of list) if (!answers.includes(z) && !out.includes(z)) out.push(z);
  };
  const deviceInfo = zone.filter(
    (z) => z.record.type === RecordType.PTR && z.record.name === DEVICE_INFO_TYPE,
  );
  for (const { record } of answers) {
    if (record.type === RecordType.PTR) {
      const target = record.target;
      const srv = byName(target, RecordType.SRV);
      push(srv);
      push(byName(target, RecordType.TXT, RecordType.NSEC));
      for (const s of srv)
        if (s.record.type === RecordType.SRV) push(byName(s.record.target, RecordType.A, RecordType.NSEC));
      if (srv.length > 0)
        for (const d of deviceInfo)
          if (d.record.type === RecordType.PTR) push(byName(d.record.target, RecordType.TXT));
    } else if (record.type === RecordType.SRV) {
      push(byName(record.target, RecordType.A, RecordType.NSEC));
    }
  }
  return out;
}

function toMessage(
  answers: readonly ZoneRecord[],
  additionals: readonly ZoneRecord[],
  query: DnsMessage,
  legacy: boolean,
): DnsMessage {
  const shape = ({ record, unique }: ZoneRecord): DnsRecord =>
    legacy
      ? { ...record, ttl: Math.min(record.ttl, LEGACY_TTL_CAP), cacheFlush: false }
      : { ...record, cacheFlush: unique };
  return {
    id: legacy ? query.id : 0,
    flags: DnsFlag.Response | DnsFlag.Authoritative,
    questions: legacy ? query.questions : [],
    answers: answers.map(shape),
    authorities: [],
    additionals: additionals.map(shape),
  };
}

/** What to send in reply to `query`, given the published `zone`. */
export function answerQuery(
  zone: readonly ZoneRecord[],
  query: DnsMessage,
  context: AnswerContext,
): AnswerPlan {
  if ((query.flags & DnsFlag.Response) !== 0 || (query.flags & 0x7800) !== 0) return {}; // responses, non-QUERY opcodes
  const unicast: ZoneRecord[] = [];
  const multicast: ZoneRecord[] = [];
  for (const q of query.questions) {
    const cls = q.class ?? DnsClass.IN;
    if (cls !== DnsClass.IN && cls !== DnsClass.ANY) continue;
    const key = nameKey(q.name);
    for (const z of zone) {
      if (nameKey(z.record.name) !== key) continue;
      if (q.type !== RecordType.ANY && q.type !== typeOf(z.record)) continue;
      if (z.record.type === RecordType.NSEC && q.type !== RecordType.NSEC) continue;
      const known = query.answers.some((k) => k.ttl >= z.record.ttl / 2 && sameRecord(k, z.record));
      if (known) continue;
      const target = context.legacy || context.forceUnicast || q.unicastResponse ? unicast : multicast;
      if (!target.includes(z)) target.push(z);
    }
  }
  const plan: AnswerPlan = {};
  // A legacy query on our own unicast socket always gets a reply, even an empty one: a
  // unicast scanner (pyatv) counts replies to know when a host is done.
  if (unicast.length > 0 || (context.legacy && context.forceUnicast))
    plan.unicast = toMessage(unicast, additionalsFor(zone, unicast), query, context.legacy);
  const multicastOnly = multicast.filter((z) => !unicast.includes(z));
  if (multicastOnly.length > 0)
    plan.multicast = toMessage(multicastOnly, additionalsFor(zone, multicastOnly), query, false);
  return plan;
}

/** An unsolicited response carrying every record (announcement), or every record with TTL 0 (goodbye). */
export function announcement(zone: readonly ZoneRecord[], goodbye = false): DnsMessage {
  return {
    id: 0,
    flags: DnsFlag.Response | DnsFlag.Authoritative,
    questions: [],
    answers: zone.map(({ record, unique }) => ({
      ...record,
      cacheFlush: unique && !goodbye,
      ttl: goodbye ? 0 : record.ttl,
    })),
    authorities: [],
    additionals: [],
  };
}

/**
 * Encodes a response, keeping it under `maxBytes`: additionals are dropped first, then
 * the answers are split over several datagrams.
 */
export function encodeResponse(message: DnsMessage, maxBytes = MAX_RESPONSE_BYTES): Uint8Array[] {
  const whole = encodeMessage(message);
  if (whole.length <= maxBytes) return [whole];
  const bare = encodeMessage({ ...message, additionals: [] });
  if (bare.length <= maxBytes || message.answers.length <= 1) return [bare];
  const half = Math.ceil(message.answers.length / 2);
  return [
    ...encodeResponse({ ...message, answers: message.answers.slice(0, half), additionals: [] }, maxBytes),
    ...encodeResponse({ ...message, answers: message.answers.slice(half), additionals: [] }, maxBytes),
  ];
}
