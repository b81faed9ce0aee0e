/**
 * N RAOP receivers in one process of their own (so the group report measures only the sender).
 * Prints their ports; on a stdin line prints what they got: packets, gaps, and the inter-receiver
 * skew of arrival times (per packet: latest − earliest arrival) and of the sync mapping.
 */
import { startRaopReceiver, type RaopReceiver } from "../src/index.js";
import { ntpOfSync, rtpToPlayAt } from "../test/helpers/sync-map.js";
import { percentile } from "./common.js";

const count = Number(process.argv[2] ?? 1);
const receivers: RaopReceiver[] = [];
for (let i = 0; i < count; i++) receivers.push(await startRaopReceiver({ name: `bench ${i}` }));
process.stdout.write(
  `${JSON.stringify({ receivers: receivers.map((r) => ({ port: r.port, txt: r.txt() })) })}\n`,
);

function stats(): object {
  const bySeq = new Map<number, number[]>();
  let gaps = 0;
  let maxInterArrivalMs = 0;
  for (const r of receivers) {
    const a = r.state.arrivals;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as (typeof a)[number];
      if (i > 0 && x.seq !== (((a[i - 1]?.seq ?? 0) + 1) & 0xffff)) gaps++;
      if (i > 0) maxInterArrivalMs = Math.max(maxInterArrivalMs, x.atMs - (a[i - 1]?.atMs ?? x.atMs));
      const list = bySeq.get(x.timestamp) ?? [];
      list.push(x.atMs);
      bySeq.set(x.timestamp, list);
    }
  }
  const spread = [...bySeq.values()]
    .filter((l) => l.length === count)
    .map((l) => Math.max(...l) - Math.min(...l))
    .sort((x, y) => x - y);
  const syncs = receivers.map((r) => r.state.syncs);
  let mappingFrames = 0;
  const first = syncs[0]?.[0];
  if (first) {
    for (let k = 0n; k < 8n; k++) {
      const instant = ntpOfSync(first) + (k << 31n);
      const told = syncs.map((s) => rtpToPlayAt(s, instant));
      mappingFrames = Math.max(mappingFrames, Math.max(...told) - Math.min(...told));
    }
  }
  return {
    packets: receivers.map((r) => r.state.audioPackets),
    gaps,
    maxInterArrivalMs,
    retransmitRequests: receivers.reduce((n, r) => n + r.state.retransmitRequests.length, 0),
    arrivalSkewMs: { p50: percentile(spread, 50), p99: percentile(spread, 99), max: spread.at(-1) ?? NaN },
    mappingSkewMs: mappingFrames / 44.1,
  };
}

process.stdin.on("data", () => process.stdout.write(`${JSON.stringify(stats())}\n`));
process.stdin.on("end", () => void Promise.all(receivers.map((r) => r.close())).then(() => process.exit(0)));
