// Loaded into every node process a CLI bench spawns (NODE_OPTIONS=--import …): on exit, appends the
// process's argv, CPU time and peak RSS to $ATV_BENCH_RUSAGE as one JSON line. Nothing else.
import { appendFileSync } from "node:fs";

const out = process.env.ATV_BENCH_RUSAGE;
if (out) {
  process.on("exit", () => {
    const r = process.resourceUsage();
    const line = {
      argv: process.argv.slice(2),
      userMs: r.userCPUTime / 1000,
      systemMs: r.systemCPUTime / 1000,
      maxRssKiB: r.maxRSS,
    };
    appendFileSync(out, `${JSON.stringify(line)}\n`);
  });
}
