/**
 * The four hostile datagram shapes of issue 13, sized to fit `bytes` (at most 65,507, the
 * largest IPv4 UDP payload). Shared by the tests (test/hostile-*.test.ts), the benchmark
 * (bench/hostile.ts) and the simulator test in packages/atv.
 */
import { DnsFlag, RecordType } from "../src/dns/constants.js";
import { encodeMessage } from "../src/dns/encode.js";
import type { DnsMessage, DnsQuestion, DnsRecord } from "../src/dns/types.js";

/** Largest UDP payload over IPv4. */
export const MAX_UDP_PAYLOAD = 65_507;

const HEADER = 12;

function message(parts: Partial<DnsMessage>): DnsMessage {
  return { id: 0, flags: 0, questions: [], answers: [], authorities: [], additionals: [], ...parts };
}

/** Adds items while the encoded message stays ≤ bytes; items are cheap to estimate, so grow by estimate then trim. */
function fit(build: (n: number) => DnsMessage, perItem: number, bytes: number): Uint8Array {
  let n = Math.max(1, Math.floor((bytes - HEADER) / perItem));
  for (;;) {
    let data: Uint8Array;
    try {
      data = encodeMessage(build(n));
    } catch (error) {
      if (!(error instanceof RangeError) || n === 1) throw error;
      n = Math.max(1, Math.floor(n * 0.9)); // over 65,535 bytes
      continue;
    }
    if (data.length <= bytes || n === 1) return data;
    n = Math.max(1, n - Math.ceil((data.length - bytes) / perItem));
  }
}

/**
 * 1. Crash: a legacy unicast query made of the same PTR question repeated (6 bytes each once
 * compressed); echoing every question made the reply exceed 65,535 bytes and the encoder threw.
 */
export function echoBomb(bytes: number, type = "_mediaremotetv._tcp.local"): Uint8Array {
  const q: DnsQuestion = { name: type, type: RecordType.PTR };
  return fit((n) => message({ id: 0x1234, questions: Array.from({ length: n }, () => q) }), 6, bytes);
}

/**
 * 2. CPU: a query whose questions all match a published record, carrying many known answers
 * of the same owner and type (different targets): questions × known answers comparisons.
 * About 1/7 of the bytes are questions, the rest known answers (45 KB ≈ 1,000 × 2,000).
 */
export function knownAnswerBomb(bytes: number, type = "_mediaremotetv._tcp.local"): Uint8Array {
  const questions = Math.max(1, Math.floor(bytes / 7 / 6));
  const q: DnsQuestion = { name: type, type: RecordType.PTR };
  return fit(
    (n) =>
      message({
        questions: Array.from({ length: questions }, () => q),
        answers: Array.from({ length: n }, (_, i): DnsRecord => ({
          type: RecordType.PTR,
          name: type,
          ttl: 4500,
          target: `k${i.toString(36)}.${type}`,
        })),
      }),
    19,
    bytes,
  );
}

/**
 * 3. Browser CPU: a response with thousands of TXT records of one owner, each with different
 * data (record de-duplication compared each against every record kept).
 */
export function recordFlood(bytes: number, owner = "Flood._airplay._tcp.local"): Uint8Array {
  return fit(
    (n) =>
      message({
        flags: DnsFlag.Response | DnsFlag.Authoritative,
        answers: Array.from({ length: n }, (_, i): DnsRecord => ({
          type: RecordType.TXT,
          name: owner,
          ttl: 4500,
          entries: [new TextEncoder().encode(`k=${i.toString(36).padStart(4, "0")}`)],
        })),
      }),
    20,
    bytes,
  );
}

/**
 * 4. Growth + amplification: a response with thousands of SRV records of distinct instances,
 * all with port 0 (a "sleep proxy" answer): every instance name was kept and woken each tick.
 * `seed` makes the names of different datagrams differ.
 */
export function sleepProxyFlood(bytes: number, seed = 0, type = "_airplay._tcp.local"): Uint8Array {
  return fit(
    (n) =>
      message({
        flags: DnsFlag.Response | DnsFlag.Authoritative,
        answers: Array.from({ length: n }, (_, i): DnsRecord => ({
          type: RecordType.SRV,
          name: `s${seed.toString(36)}-${i.toString(36)}.${type}`,
          ttl: 120,
          priority: 0,
          weight: 0,
          port: 0,
          target: "sleeper.local",
        })),
      }),
    30,
    bytes,
  );
}

export const HOSTILE_SHAPES = {
  "echo bomb (legacy query, repeated questions)": echoBomb,
  "known-answer bomb": knownAnswerBomb,
  "record flood (one owner, distinct TXT)": recordFlood,
  "sleep-proxy flood (distinct port-0 SRVs)": (bytes: number) => sleepProxyFlood(bytes),
} as const;
