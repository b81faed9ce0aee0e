/** fast-check generators for DNS messages (shared by the property and fuzz tests). */
import fc from "fast-check";
import { formatIPv6, parseIPv6 } from "../src/dns/ip.js";
import { joinLabels, RecordType, type DnsMessage, type DnsQuestion, type DnsRecord } from "../src/index.js";

const utf8 = new TextEncoder();

/** A label of 1..63 UTF-8 bytes: ASCII-heavy, with dots, backslashes and non-ASCII now and then. */
export const label = fc
  .oneof(
    { weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20, unit: "grapheme" }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("My.TV", "a\\b", "Vardagsrum", "Wohnzimmer ☃", "_tcp", "local", ".", "\\"),
    },
  )
  .filter((l) => {
    const n = utf8.encode(l).length;
    return n >= 1 && n <= 63 && !l.includes("\uFFFD") && new TextDecoder().decode(utf8.encode(l)) === l;
  });

/** Names share suffixes often, so compression is exercised. */
export const name = fc
  .tuple(
    fc.array(label, { maxLength: 3 }),
    fc.constantFrom([], ["local"], ["_tcp", "local"], ["_airplay", "_tcp", "local"]),
  )
  .map(([head, tail]) => joinLabels([...head, ...tail]))
  .filter((n) => utf8.encode(n).length < 200);

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const cls = fc.constantFrom(1, 1, 1, 255, 3);

const base = fc.record({ name, class: cls, cacheFlush: fc.boolean(), ttl: u32 });
const ipv4 = fc.ipV4();
const ipv6 = fc
  .tuple(...Array.from({ length: 8 }, () => fc.constantFrom(0, 0, 1, 0xfe80, 0xffff, 0x1234)))
  .map((g) => formatIPv6(parseIPv6(g.map((x) => x.toString(16)).join(":")) as Uint8Array));

export const record: fc.Arbitrary<DnsRecord> = fc.oneof(
  fc.tuple(base, ipv4).map(([b, address]): DnsRecord => ({ ...b, type: RecordType.A, address })),
  fc.tuple(base, ipv6).map(([b, address]): DnsRecord => ({ ...b, type: RecordType.AAAA, address })),
  fc.tuple(base, name).map(([b, target]): DnsRecord => ({ ...b, type: RecordType.PTR, target })),
  fc.tuple(base, u16, u16, u16, name).map(([b, priority, weight, port, target]): DnsRecord => ({
    ...b,
    type: RecordType.SRV,
    priority,
    weight,
    port,
    target,
  })),
  fc
    .tuple(base, fc.array(fc.uint8Array({ maxLength: 255 }), { minLength: 1, maxLength: 4 }))
    .map(([b, entries]): DnsRecord => ({ ...b, type: RecordType.TXT, entries })),
  fc.tuple(base, name, fc.uniqueArray(u16, { maxLength: 6 })).map(([b, nextName, types]): DnsRecord => ({
    ...b,
    type: RecordType.NSEC,
    nextName,
    types: [...types].sort((x, y) => x - y),
  })),
  fc
    .tuple(base, fc.constantFrom(2, 5, 6, 15, 41, 99, 65280), fc.uint8Array({ maxLength: 40 }))
    .map(([b, rrtype, data]): DnsRecord => ({ ...b, type: "unknown", rrtype, data })),
);

export const question: fc.Arbitrary<DnsQuestion> = fc.record({
  name,
  type: fc.constantFrom(1, 12, 16, 28, 33, 47, 255, 99),
  class: cls,
  unicastResponse: fc.boolean(),
});

export const message: fc.Arbitrary<DnsMessage> = fc.record({
  id: u16,
  flags: u16,
  questions: fc.array(question, { maxLength: 4 }),
  answers: fc.array(record, { maxLength: 5 }),
  authorities: fc.array(record, { maxLength: 2 }),
  additionals: fc.array(record, { maxLength: 5 }),
});
