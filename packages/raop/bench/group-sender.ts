/**
 * The measured sender of bench/group-report.ts, in a process of its own that loads the built
 * package (`@atv/raop` → dist, as users run it) and stays up for the whole report, so the warm-up
 * stream warms the very process that is measured. Each stdin line is one job,
 * `{ receivers: [{ port, txt }], seconds }`: a `RaopGroup` of those receivers streams `seconds` of
 * L16 silence in real time; one JSON line per job is printed (see `GroupRun`).
 */
import { createInterface } from "node:readline";
import { RaopGroup } from "@atv/raop";
import { silence } from "./common.js";

export interface GroupJob {
  receivers: { port: number; txt: Record<string, string> }[];
  seconds: number;
}

export interface GroupRun {
  /** CPU over the whole `stream()` call, % of one core. */
  wholePercent: number;
  /** CPU from the progress event after 250 packets to the end of the source, per second of audio. */
  steadyPercent: number;
  wallSeconds: number;
}

/** Steady state starts at the progress event after this many packets (JIT, GC settled). */
const WARMUP_PACKETS = 250;
const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;

async function run({ receivers, seconds }: GroupJob): Promise<GroupRun> {
  const group = new RaopGroup({ latencyMs: 100 });
  for (const [i, r] of receivers.entries())
    await group.add({ id: `r${i}`, host: "127.0.0.1", port: r.port, properties: r.txt, payload: "L16" });
  let warm: { cpu: number; packets: number } | undefined;
  let end: { cpu: number; packets: number } | undefined;
  group.on("progress", (p) => {
    if (!warm && p.packetsSent >= WARMUP_PACKETS)
      warm = { cpu: cpuMs(process.cpuUsage()), packets: p.packetsSent };
    else if (p.framesSent >= 44100 * seconds)
      end ??= { cpu: cpuMs(process.cpuUsage()), packets: p.packetsSent };
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await group.stream(silence(44100 * seconds));
  const wallSeconds = (performance.now() - t0) / 1000;
  const wholePercent = cpuMs(process.cpuUsage(cpu0)) / wallSeconds / 10;
  const steadyPercent =
    warm && end ? (end.cpu - warm.cpu) / (((end.packets - warm.packets) * 352) / 44100) / 10 : NaN;
  return { wholePercent, steadyPercent, wallSeconds };
}

for await (const line of createInterface({ input: process.stdin })) {
  const result = await run(JSON.parse(line) as GroupJob);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
