/**
 * The measured sender of bench/group-report.ts, in a process of its own that loads the built
 * package (`@atv/raop` → dist, as users run it) and stays up for the whole report, so the warm-up
 * stream warms the very process that is measured. Each stdin line is one job,
 * `{ receivers: [{ port, txt }], seconds }`: a `RaopGroup` of those receivers streams `seconds` of
 * L16 silence in real time; one JSON line per job is printed (see `GroupRun`).
 */
import { createInterface } from "node:readline";
import { RaopGroup } from "@atv/raop";
import { SteadyCpu, cpuMs, silence } from "./common.js";

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

async function run({ receivers, seconds }: GroupJob): Promise<GroupRun> {
  const group = new RaopGroup({ latencyMs: 100 });
  for (const [i, r] of receivers.entries())
    await group.add({ id: `r${i}`, host: "127.0.0.1", port: r.port, properties: r.txt, payload: "L16" });
  const steady = new SteadyCpu(44100 * seconds);
  group.on("progress", steady.onProgress);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await group.stream(silence(44100 * seconds));
  const wallSeconds = (performance.now() - t0) / 1000;
  const wholePercent = cpuMs(process.cpuUsage(cpu0)) / wallSeconds / 10;
  return { wholePercent, steadyPercent: steady.percent, wallSeconds };
}

for await (const line of createInterface({ input: process.stdin })) {
  const result = await run(JSON.parse(line) as GroupJob);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
