/**
 * Runs inside a namespace: raw mDNS exchanges with a multicast Responder on the link, to check
 * RFC 6762 timing rules from outside. argv[2]: JSON { iface: IPv4 of this side }. Prints JSON.
 */
import { createSocket, type Socket } from "node:dgram";
import {
  decodeMessage,
  DnsFlag,
  encodeMessage,
  RecordType,
  type DnsMessage,
  type DnsRecord,
} from "../../src/index.js";

const { iface } = JSON.parse(process.argv[2] ?? "{}") as { iface: string };
const GROUP = "224.0.0.251";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const query = (parts: Partial<DnsMessage>): Uint8Array =>
  encodeMessage({ id: 0, flags: 0, questions: [], answers: [], authorities: [], additionals: [], ...parts });

interface Heard {
  at: number;
  message: DnsMessage;
  bytes: number;
}

async function open(port: number): Promise<{ socket: Socket; heard: Heard[] }> {
  const socket = createSocket({ type: "udp4", reuseAddr: true });
  const heard: Heard[] = [];
  socket.on("message", (m) => {
    try {
      heard.push({ at: performance.now(), message: decodeMessage(new Uint8Array(m)), bytes: m.length });
    } catch {
      // not ours to judge here
    }
  });
  await new Promise<void>((resolve) => socket.bind(port, resolve));
  if (port === 5353) {
    socket.addMembership(GROUP, iface);
    socket.setMulticastInterface(iface);
    socket.setMulticastLoopback(false);
  } else socket.setMulticastInterface(iface);
  return { socket, heard };
}

const hasPtr = (h: Heard, type: string) =>
  (h.message.flags & DnsFlag.Response) !== 0 &&
  h.message.answers.some((a) => a.type === RecordType.PTR && a.name === type);

const result: Record<string, unknown> = {};
const mdns = await open(5353);
// Past the responder's announcements (two, one second apart, after probing) and their one-second
// rate limit: wait until both were heard (or 6 s passed), then 1.1 s after the last one. A fixed
// sleep raced with the announcements when this process started late on a loaded machine.
{
  const deadline = performance.now() + 6000;
  const announced = () => mdns.heard.filter((h) => hasPtr(h, "_airplay._tcp.local"));
  while (announced().length < 2 && performance.now() < deadline) await sleep(50);
  const last = announced().at(-1)?.at ?? performance.now();
  await sleep(Math.max(0, last + 1100 - performance.now()));
}

// 1. A shared answer (PTR) is delayed 20–120 ms; asked again at once, it is not multicast again.
let t0 = performance.now();
mdns.socket.send(query({ questions: [{ name: "_airplay._tcp.local", type: RecordType.PTR }] }), 5353, GROUP);
await sleep(150);
mdns.socket.send(query({ questions: [{ name: "_airplay._tcp.local", type: RecordType.PTR }] }), 5353, GROUP);
await sleep(600);
const airplay = mdns.heard.filter((h) => h.at >= t0 && hasPtr(h, "_airplay._tcp.local"));
result["sharedDelayMs"] = airplay.map((h) => h.at - t0);

// 2. Known answers over two packets (TC bit, §7.2): our PTR listed in the second packet is not answered.
const raopTarget = process.argv[3] ?? "";
t0 = performance.now();
mdns.socket.send(
  query({ flags: DnsFlag.Truncated, questions: [{ name: "_raop._tcp.local", type: RecordType.PTR }] }),
  5353,
  GROUP,
);
await sleep(50);
const known: DnsRecord = { type: RecordType.PTR, name: "_raop._tcp.local", ttl: 4500, target: raopTarget };
mdns.socket.send(query({ answers: [known] }), 5353, GROUP);
await sleep(900);
result["raopAnswers"] = mdns.heard.filter((h) => h.at >= t0 && hasPtr(h, "_raop._tcp.local")).length;

// 3. Control: a TC query whose later known answers do not match is answered after 400–500 ms.
t0 = performance.now();
mdns.socket.send(
  query({
    flags: DnsFlag.Truncated,
    questions: [{ name: "_companion-link._tcp.local", type: RecordType.PTR }],
  }),
  5353,
  GROUP,
);
await sleep(50);
mdns.socket.send(
  query({
    answers: [{ ...known, name: "_companion-link._tcp.local", target: "Other._companion-link._tcp.local" }],
  }),
  5353,
  GROUP,
);
await sleep(900);
result["companionDelayMs"] = mdns.heard
  .filter((h) => h.at >= t0 && hasPtr(h, "_companion-link._tcp.local"))
  .map((h) => h.at - t0);

// 4. A legacy query (ephemeral port) to the group: one reply by unicast, ≤ 512 bytes, ID echoed, TC when cut.
const legacy = await open(0);
const names = process.argv.slice(4);
legacy.socket.send(
  query({ id: 0xbeef, questions: names.map((name) => ({ name, type: RecordType.ANY })) }),
  5353,
  GROUP,
);
await sleep(500);
result["legacy"] = legacy.heard.map((h) => ({
  bytes: h.bytes,
  id: h.message.id,
  tc: (h.message.flags & DnsFlag.Truncated) !== 0,
  answers: h.message.answers.length,
  cacheFlush: h.message.answers.some((a) => a.cacheFlush === true),
}));
legacy.socket.close();
mdns.socket.close();
process.stdout.write(JSON.stringify(result));
