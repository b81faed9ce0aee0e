/**
 * How a responder answers one query (RFC 6762 §5–§7, RFC 6763 §12), sans-IO:
 * - several questions per datagram (duplicates collapsed), QTYPE ANY, class IN or ANY;
 * - QU questions, and every question of a query sent straight to our unicast socket,
 *   are answered by unicast, except that a QU question gets a multicast answer for a
 *   record not multicast within a quarter of its TTL (§5.4); legacy queries (source port
 *   ≠ 5353) by unicast to the source with the ID and (deduplicated, capped) questions
 *   echoed, TTLs capped at 10 s and no cache-flush bit; the rest by multicast, except a
 *   record multicast less than a second ago (§6);
 * - known-answer suppression (§7.1): a record the querier listed with at least half our
 *   TTL is not repeated; records are compared by a precomputed key, so the work is
 *   linear in the size of the query;
 * - NSEC negative answers (§6.1) for a type we do not have at a name we own;
 * - additional records: SRV/TXT (+A, NSEC, `_device-info`) for a PTR, A for an SRV.
 * Encoding (`encodeResponse`) never throws for size: multicast responses are split over
 * several datagrams, a legacy reply is one datagram cut with the TC bit.
 */
import { DnsClass, DnsFlag, RecordType } from "../dns/constants.js";
import { encodeMessageWithin } from "../dns/encode.js";
import { nameKey } from "../dns/name.js";
import { recordKey, recordType } from "../dns/record-key.js";
import type { DnsMessage, DnsQuestion, DnsRecord } from "../dns/types.js";
import { DEVICE_INFO_TYPE } from "../service-name.js";
import type { ZoneRecord } from "./zone.js";

export interface AnswerContext {
  /** Source port was not 5353: a legacy (one-shot) resolver (RFC 6762 §6.7). */
  legacy: boolean;
  /** The query reached our unicast socket: answer everything by unicast. */
  forceUnicast: boolean;
  /** Now, in ms (same clock as `lastMulticast`). Needed with `lastMulticast`. */
  nowMs?: number;
  /** When a record was last multicast (ms), or undefined: drives §5.4 and the one-per-second rule. */
  lastMulticast?: (record: ZoneRecord) => number | undefined;
  /** Known answers from earlier packets of the same query (TC bit, §7.2). */
  knownAnswers?: readonly DnsRecord[];
}

export interface AnswerPlan {
  unicast?: DnsMessage;
  multicast?: DnsMessage;
  /** The zone records answered by multicast (before additionals), for rate limiting and delays. */
  multicastRecords?: ZoneRecord[];
}

const LEGACY_TTL_CAP = 10;
/** RFC 6762 §17: stay under 9000 bytes of IP payload. */
export const MAX_RESPONSE_BYTES = 8940;
/** RFC 1035 §4.2.1: a unicast DNS reply over UDP without EDNS. */
export const LEGACY_RESPONSE_BYTES = 512;
/** A legacy reply echoes at most this many (distinct) questions. */
export const MAX_ECHOED_QUESTIONS = 16;
/** A response is never split over more datagrams than this. */
export const MAX_RESPONSE_DATAGRAMS = 16;
/** RFC 6762 §6: a record is multicast at most once per second (probe defense aside). */
export const MULTICAST_RATE_LIMIT_MS = 1000;

interface ZoneIndex {
  byName: Map<string, ZoneRecord[]>;
  keys: Map<ZoneRecord, string>;
  deviceInfo: ZoneRecord[];
}

const indexes = new WeakMap<readonly ZoneRecord[], ZoneIndex>();

/** Zone records by owner name and by identity; built once per zone array. */
function indexOf(zone: readonly ZoneRecord[]): ZoneIndex {
  let index = indexes.get(zone);
  if (index) return index;
  index = { byName: new Map(), keys: new Map(), deviceInfo: [] };
  for (const z of zone) {
    const key = nameKey(z.record.name);
    const list = index.byName.get(key);
    if (list) list.push(z);
    else index.byName.set(key, [z]);
    index.keys.set(z, recordKey(z.record));
    if (z.record.type === RecordType.PTR && nameKey(z.record.name) === DEVICE_INFO_TYPE)
      index.deviceInfo.push(z);
  }
  indexes.set(zone, index);
  return index;
}

/** Same owner, type, class and data (TTL and cache-flush bit ignored). */
export function sameRecord(a: DnsRecord, b: DnsRecord): boolean {
  return recordKey(a) === recordKey(b);
}

function additionalsFor(index: ZoneIndex, answers: readonly ZoneRecord[]): ZoneRecord[] {
  const byName = (name: string, ...types: number[]): ZoneRecord[] =>
    (index.byName.get(nameKey(name)) ?? []).filter((z) => types.includes(recordType(z.record)));
  const answered = new Set(answers);
  const out = new Set<ZoneRecord>();
  const push = (list: ZoneRecord[]): void => {
    for (const z of list) if (!answered.has(z)) out.add(z);
  };
  for (const { record } of answers) {
    if (record.type === RecordType.PTR) {
      const srv = byName(record.target, RecordType.SRV);
      push(srv);
      push(byName(record.target, RecordType.TXT, RecordType.NSEC));
      for (const s of srv)
        if (s.record.type === RecordType.SRV) push(byName(s.record.target, RecordType.A, RecordType.NSEC));
      if (srv.length > 0)
        for (const d of index.deviceInfo)
          if (d.record.type === RecordType.PTR) push(byName(d.record.target, RecordType.TXT));
    } else if (record.type === RecordType.SRV) {
      push(byName(record.target, RecordType.A, RecordType.NSEC));
    }
  }
  return [...out];
}

function shape({ record, unique }: ZoneRecord, legacy: boolean): DnsRecord {
  return legacy
    ? { ...record, ttl: Math.min(record.ttl, LEGACY_TTL_CAP), cacheFlush: false }
    : { ...record, cacheFlush: unique };
}

function toMessage(
  index: ZoneIndex,
  answers: readonly ZoneRecord[],
  legacy: { id: number; questions: DnsQuestion[] } | undefined,
): DnsMessage {
  const isLegacy = legacy !== undefined;
  return {
    id: legacy?.id ?? 0,
    flags: DnsFlag.Response | DnsFlag.Authoritative,
    questions: legacy?.questions ?? [],
    answers: answers.map((z) => shape(z, isLegacy)),
    authorities: [],
    additionals: additionalsFor(index, answers).map((z) => shape(z, isLegacy)),
  };
}

/** The multicast response carrying `records` (and their additionals). */
export function multicastResponse(zone: readonly ZoneRecord[], records: readonly ZoneRecord[]): DnsMessage {
  return toMessage(indexOf(zone), records, undefined);
}

/** Distinct questions in arrival order (name case-insensitive, type, class, QU bit). */
export function distinctQuestions(questions: readonly DnsQuestion[]): DnsQuestion[] {
  const seen = new Set<string>();
  const out: DnsQuestion[] = [];
  for (const q of questions) {
    const key = `${q.type}|${q.class ?? DnsClass.IN}|${q.unicastResponse ? 1 : 0}|${nameKey(q.name)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(q);
  }
  return out;
}

/** What to send in reply to `query`, given the published `zone`. Linear in the size of the query. */
export function answerQuery(
  zone: readonly ZoneRecord[],
  query: DnsMessage,
  context: AnswerContext,
): AnswerPlan {
  if ((query.flags & DnsFlag.Response) !== 0 || (query.flags & 0x7800) !== 0) return {}; // responses, non-QUERY opcodes
  const index = indexOf(zone);
  const questions = distinctQuestions(query.questions);
  // Known answers: the largest TTL the querier gave for each record identity.
  let known: Map<string, number> | undefined;
  const addKnown = (list: readonly DnsRecord[]): void => {
    for (const k of list) {
      known ??= new Map();
      const key = recordKey(k);
      known.set(key, Math.max(known.get(key) ?? 0, k.ttl));
    }
  };
  addKnown(query.answers);
  if (context.knownAnswers) addKnown(context.knownAnswers);
  const now = context.nowMs ?? 0;
  const last = context.lastMulticast;
  const unicast = new Set<ZoneRecord>();
  const multicast = new Set<ZoneRecord>();
  for (const q of questions) {
    const cls = q.class ?? DnsClass.IN;
    if (cls !== DnsClass.IN && cls !== DnsClass.ANY) continue;
    const owned = index.byName.get(nameKey(q.name));
    if (!owned) continue;
    const matches: ZoneRecord[] = [];
    for (const z of owned) {
      const type = recordType(z.record);
      if (q.type !== RecordType.ANY && q.type !== type) continue;
      if (type === RecordType.NSEC && q.type !== RecordType.NSEC) continue;
      matches.push(z);
    }
    // §6.1: a name we own, a type we do not have: say so with our NSEC record.
    if (matches.length === 0 && q.type !== RecordType.ANY)
      for (const z of owned)
        if (z.record.type === RecordType.NSEC && !z.record.types.includes(q.type)) matches.push(z);
    for (const z of matches) {
      const knownTtl = known?.get(index.keys.get(z) as string);
      if (knownTtl !== undefined && knownTtl >= z.record.ttl / 2) continue;
      const lastSent = last?.(z);
      let byUnicast = context.legacy || context.forceUnicast || q.unicastResponse === true;
      // §5.4: QU, but not multicast for a quarter of its TTL: multicast it so caches refresh.
      if (
        byUnicast &&
        !context.legacy &&
        !context.forceUnicast &&
        last &&
        (lastSent === undefined || now - lastSent > (z.record.ttl * 1000) / 4)
      )
        byUnicast = false;
      if (byUnicast) unicast.add(z);
      else if (lastSent === undefined || now - lastSent >= MULTICAST_RATE_LIMIT_MS) multicast.add(z);
    }
  }
  const plan: AnswerPlan = {};
  // A legacy query on our own unicast socket always gets a reply, even an empty one: a
  // unicast scanner (pyatv) counts replies to know when a host is done.
  if (unicast.size > 0 || (context.legacy && context.forceUnicast))
    plan.unicast = toMessage(
      index,
      [...unicast],
      context.legacy ? { id: query.id, questions: questions.slice(0, MAX_ECHOED_QUESTIONS) } : undefined,
    );
  const multicastOnly = [...multicast].filter((z) => !unicast.has(z));
  if (multicastOnly.length > 0) {
    plan.multicast = toMessage(index, multicastOnly, undefined);
    plan.multicastRecords = multicastOnly;
  }
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
 * Encodes a response within `maxBytes` per datagram; never throws for size.
 * - With questions (a legacy reply): one datagram; what does not fit is left out and the
 *   TC bit set (additionals are dropped first, silently: they are optional).
 * - Without: the answers are split over as many datagrams as needed (at most
 *   `MAX_RESPONSE_DATAGRAMS`), the additionals go in the last one as far as they fit.
 * A record that cannot fit in an empty datagram is left out.
 */
export function encodeResponse(message: DnsMessage, maxBytes = MAX_RESPONSE_BYTES): Uint8Array[] {
  if (message.questions.length > 0) {
    const fitted = encodeMessageWithin(message, maxBytes);
    if (fitted.truncated) fitted.data[2] = (fitted.data[2] as number) | (DnsFlag.Truncated >> 8);
    return [fitted.data];
  }
  const out: Uint8Array[] = [];
  let rest = message.answers;
  while (out.length < MAX_RESPONSE_DATAGRAMS) {
    const fitted = encodeMessageWithin({ ...message, answers: rest }, maxBytes);
    if (fitted.answers === rest.length) {
      out.push(fitted.data);
      break;
    }
    if (fitted.answers > 0)
      out.push(
        encodeMessageWithin({ ...message, answers: rest.slice(0, fitted.answers), additionals: [] }, maxBytes)
          .data,
      );
    rest = rest.slice(Math.max(1, fitted.answers));
    if (rest.length === 0) break;
  }
  return out;
}
