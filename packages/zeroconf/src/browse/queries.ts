/** The query datagrams a browse sends (zeroconf.md §4), sans-IO. */
import { RecordType } from "../dns/constants.js";
import type { DnsMessage, DnsName, DnsQuestion } from "../dns/types.js";
import { DEVICE_INFO_TYPE, normalizeServiceType, SLEEP_PROXY_TYPE } from "../service-name.js";

/** pyatv's query id; responders echo it in legacy unicast answers. Multicast queries use 0 (RFC 6762 §18.1). */
export const UNICAST_QUERY_ID = 0x35ff;
/** Service types per datagram (pyatv intends 3), plus the sleep-proxy question. */
export const TYPES_PER_MESSAGE = 3;
/** Questions per follow-up datagram, to stay far below any MTU. */
const MAX_FOLLOW_UP_QUESTIONS = 24;

/**
 * The service types to ask for: the caller's, normalised and deduplicated, with
 * `_device-info._tcp.local` added (it carries the model); `_sleep-proxy._udp.local` is
 * not in the list because it is appended to every datagram.
 */
export function browseTypes(serviceTypes: readonly string[]): string[] {
  const types = new Set(serviceTypes.map(normalizeServiceType));
  types.add(DEVICE_INFO_TYPE);
  types.delete(SLEEP_PROXY_TYPE);
  return [...types];
}

function ptr(name: DnsName): DnsQuestion {
  return { name, type: RecordType.PTR, unicastResponse: true };
}

/** PTR queries (QU set), `TYPES_PER_MESSAGE` types per datagram, each with the sleep-proxy question. */
export function buildBrowseQueries(types: readonly string[], id: number): DnsMessage[] {
  const messages: DnsMessage[] = [];
  for (let i = 0; i < types.length; i += TYPES_PER_MESSAGE) {
    const questions = types.slice(i, i + TYPES_PER_MESSAGE).map(ptr);
    questions.push(ptr(SLEEP_PROXY_TYPE));
    messages.push({ id, flags: 0, questions, answers: [], authorities: [], additionals: [] });
  }
  return messages;
}

/** Messages carrying the given questions (QU set), split so that none is too large. */
export function buildQuestionMessages(questions: readonly DnsQuestion[], id: number): DnsMessage[] {
  const messages: DnsMessage[] = [];
  for (let i = 0; i < questions.length; i += MAX_FOLLOW_UP_QUESTIONS) {
    const chunk = questions
      .slice(i, i + MAX_FOLLOW_UP_QUESTIONS)
      .map((q) => ({ ...q, unicastResponse: true }));
    messages.push({ id, flags: 0, questions: chunk, answers: [], authorities: [], additionals: [] });
  }
  return messages;
}

/** Unicast ANY questions that make a Bonjour sleep proxy wake the device it speaks for (zeroconf.md §6.4). */
export function buildWakeQueries(instanceNames: readonly DnsName[], id: number): DnsMessage[] {
  const questions: DnsQuestion[] = instanceNames.map((name) => ({
    name,
    type: RecordType.ANY,
    unicastResponse: true,
  }));
  return buildQuestionMessages([...questions, ptr(SLEEP_PROXY_TYPE)], id);
}
