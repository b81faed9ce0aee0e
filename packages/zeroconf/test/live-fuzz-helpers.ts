/**
 * Fuzzing the live objects (not only the decoder): `BrowseSession.receive`/`tick` and the
 * responder's path (`answerQuery` + `encodeResponse`) fed random, mutated and adversarial
 * datagrams. Shared by live-fuzz.test.ts (CI) and live-fuzz.slow.test.ts (ATV_SLOW=1).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  answerQuery,
  BrowseSession,
  buildZone,
  decodeMessage,
  DEFAULT_BROWSE_LIMITS,
  DnsDecodeError,
  DnsFlag,
  encodeMessage,
  encodeResponse,
  RecordType,
  type DnsMessage,
  type DnsRecord,
} from "../src/index.js";
import {
  LEGACY_RESPONSE_BYTES,
  MAX_RESPONSE_BYTES,
  MAX_RESPONSE_DATAGRAMS,
} from "../src/responder/answer.js";
import { question as anyQuestion, record as anyRecord } from "./arbitraries.js";
import { fakeAppleTv, PYATV_TYPES } from "./fixtures.js";
import { mutatedPacket, randomPacket } from "./fuzz-helpers.js";
import { HOSTILE_SHAPES } from "./hostile.js";

export const zone = buildZone(fakeAppleTv("127.0.0.1"), { deviceInfoModel: "J105aAP" });
const zoneNames = [...new Set(zone.map((z) => z.record.name))];
const names = fc.oneof(
  fc.constantFrom(...zoneNames, ...PYATV_TYPES),
  fc.constantFrom("X._airplay._tcp.local"),
);

/** Questions and records about our names and the browsed types, so the interesting paths run. */
const relevantQuestion = fc.record({
  name: names,
  type: fc.constantFrom(1, 12, 16, 28, 33, 47, 255, 5),
  class: fc.constantFrom(1, 1, 1, 255, 3),
  unicastResponse: fc.boolean(),
});
const relevantRecord: fc.Arbitrary<DnsRecord> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...zone), fc.constantFrom(0, 1, 120, 4500))
    .map(([z, ttl]) => ({ ...z.record, ttl })),
  fc.record({
    type: fc.constant(RecordType.SRV),
    name: names,
    ttl: fc.constantFrom(0, 120),
    priority: fc.constant(0),
    weight: fc.constant(0),
    port: fc.constantFrom(0, 0, 7000),
    target: fc.constantFrom("Fake-ATV.local", "x.local"),
    cacheFlush: fc.boolean(),
  }),
  fc.record({
    type: fc.constant(RecordType.PTR),
    name: fc.constantFrom(...PYATV_TYPES),
    ttl: fc.constantFrom(0, 4500),
    target: names,
  }),
  anyRecord,
);
const relevantMessage: fc.Arbitrary<DnsMessage> = fc.record({
  id: fc.integer({ min: 0, max: 0xffff }),
  flags: fc.constantFrom(
    0,
    DnsFlag.Response,
    DnsFlag.Truncated,
    DnsFlag.Response | DnsFlag.Authoritative,
    0x7800,
  ),
  questions: fc.array(fc.oneof(relevantQuestion, anyQuestion), { maxLength: 12 }),
  answers: fc.array(relevantRecord, { maxLength: 24 }),
  authorities: fc.array(relevantRecord, { maxLength: 3 }),
  additionals: fc.array(relevantRecord, { maxLength: 12 }),
});

const hostile = fc
  .tuple(fc.constantFrom(...Object.values(HOSTILE_SHAPES)), fc.integer({ min: 40, max: 3000 }))
  .map(([make, size]) => make(size));

/** Random, mutated, relevant and hostile datagrams. */
export const liveDatagram: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: relevantMessage.map((m) => encodeMessage(m)) },
  { weight: 2, arbitrary: mutatedPacket },
  { weight: 1, arbitrary: randomPacket },
  { weight: 1, arbitrary: hostile },
);

/** The responder's work for one datagram, with every bound checked. */
export function responderSurvives(
  data: Uint8Array,
  legacy: boolean,
  unicastSocket: boolean,
  lastMs: number | undefined,
): void {
  let query: DnsMessage;
  try {
    query = decodeMessage(data);
  } catch (e) {
    if (e instanceof DnsDecodeError) return;
    throw e;
  }
  const plan = answerQuery(zone, query, {
    legacy,
    forceUnicast: unicastSocket,
    nowMs: 100_000,
    ...(lastMs !== undefined ? { lastMulticast: () => lastMs } : {}),
  });
  for (const [message, limit] of [
    [plan.unicast, legacy && !unicastSocket ? LEGACY_RESPONSE_BYTES : MAX_RESPONSE_BYTES],
    [plan.multicast, MAX_RESPONSE_BYTES],
  ] as const) {
    if (!message) continue;
    const datagrams = encodeResponse(message, limit);
    expect(datagrams.length).toBeLessThanOrEqual(MAX_RESPONSE_DATAGRAMS);
    for (const d of datagrams) {
      expect(d.length).toBeLessThanOrEqual(limit);
      decodeMessage(d);
    }
  }
}

/** Sessions that live across cases, so state (and caps) accumulate as in a long browse. */
export function browseSessions(): {
  feed(data: Uint8Array, source: number, direct: boolean, now: number): void;
} {
  // Smaller stores than the defaults, so the caps are hit often and each case stays cheap.
  const limits = {
    ...DEFAULT_BROWSE_LIMITS,
    maxResponders: 16,
    maxRecordsPerResponder: 96,
    maxRecordBytesPerResponder: 8192,
  };
  const multicast = new BrowseSession({ serviceTypes: PYATV_TYPES, limits });
  const unicast = new BrowseSession({ serviceTypes: PYATV_TYPES, hosts: ["192.0.2.1", "192.0.2.2"], limits });
  return {
    feed(data, source, direct, now) {
      for (const session of [multicast, unicast]) {
        const out = session.receive(data, { address: `192.0.2.${source}`, port: 5353 }, now, direct);
        expect(out.length).toBeLessThanOrEqual(limits.maxOutgoingPerReceive);
        const f = session.footprint;
        expect(f.responders).toBeLessThanOrEqual(16);
        expect(f.records).toBeLessThanOrEqual(f.responders * limits.maxRecordsPerResponder);
        expect(f.recordBytes).toBeLessThanOrEqual(f.responders * limits.maxRecordBytesPerResponder);
        expect(f.sleepNames).toBeLessThanOrEqual(f.responders * limits.maxSleepNamesPerResponder);
        expect(session.dropped).toBe(0);
        if (now % 97 === 0) {
          expect(session.tick(now).length).toBeLessThanOrEqual(
            session.queries.length * 2 + limits.maxOutgoingPerTick,
          );
          session.completed(now);
        }
      }
    },
  };
}

/** The two live-object fuzz properties, `runs` datagrams each (CI and the ATV_SLOW=1 run share them). */
export function liveFuzzSuite(title: string, runs: number, timeoutMs: number): void {
  const count = runs >= 1_000_000 ? `${runs / 1_000_000}M` : `${runs / 1000}k`;
  describe(title, () => {
    it(
      `${count} datagrams into answerQuery + encodeResponse: replies within limits, nothing thrown`,
      () => {
        fc.assert(
          fc.property(
            liveDatagram,
            fc.boolean(),
            fc.boolean(),
            fc.option(fc.constantFrom(0, 99_500, 100_000)),
            (d, legacy, uni, last) => responderSurvives(d, legacy, uni, last ?? undefined),
          ),
          { numRuns: runs },
        );
      },
      timeoutMs,
    );

    it(
      `${count} datagrams into two long-lived BrowseSessions: nothing thrown, every cap holds`,
      () => {
        const sessions = browseSessions();
        let now = 0;
        fc.assert(
          fc.property(liveDatagram, fc.integer({ min: 1, max: 40 }), fc.boolean(), (d, source, direct) =>
            sessions.feed(d, source, direct, ++now),
          ),
          { numRuns: runs },
        );
      },
      timeoutMs,
    );
  });
}
