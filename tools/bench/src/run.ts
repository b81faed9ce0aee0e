/** `pnpm bench`: runs the suites, prints the table, writes bench/results.json. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, USAGE } from "./args.js";
import { machineInfo } from "./machine.js";
import { measurePyatv, pyatvAvailable, RECORDED_OURS_BEFORE, RECORDED_PYATV } from "./reference.js";
import { RESULTS_PATH } from "./results.js";
import { selectSuites } from "./suites.js";
import { renderTable } from "./table.js";
import type { BenchMetric, BenchResults, ReferenceMetric } from "./types.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const args = parseArgs(process.argv.slice(2));
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const suites = selectSuites(args.only);
const machine = machineInfo(root);
console.log(
  `atv bench${args.quick ? " (quick)" : ""}: ${suites.map((s) => s.id).join(", ")}\n` +
    `node ${machine.node}, ${machine.cpu} ×${machine.cores}, load ${machine.loadAverage.join(" ")}, ${machine.gitSha?.slice(0, 10) ?? "no git"}`,
);

const metrics: BenchMetric[] = [];
const status: Record<string, "ok" | "failed" | "skipped"> = {};
for (const suite of suites) {
  console.log(`\n== ${suite.id}`);
  const started = performance.now();
  try {
    const found = await suite.run({ root, quick: args.quick, echo: (line) => console.log(`  ${line}`) });
    metrics.push(...found);
    status[suite.id] = "ok";
    console.log(`  (${found.length} metrics, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    status[suite.id] = "failed";
    console.log(`  FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
}

let pyatv: ReferenceMetric[] = [...RECORDED_PYATV];
if (suites.some((s) => s.id === "atv") && pyatvAvailable()) {
  const measured = measurePyatv(args.quick ? 3 : 10);
  pyatv = [...measured, ...RECORDED_PYATV.filter((r) => !measured.some((m) => m.name === r.name))];
} else {
  console.log(
    "\npyatv is not importable here (python3 -c 'import pyatv' fails): its column is the recorded one.",
  );
}

console.log("");
for (const line of renderTable(metrics, pyatv, RECORDED_OURS_BEFORE)) console.log(line);

const results: BenchResults = {
  version: 1,
  quick: args.quick,
  machine,
  suites: status,
  metrics,
  reference: pyatv,
};
const out = resolve(root, args.out ?? RESULTS_PATH);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(
  `\nwrote ${relative(process.cwd(), out)}; compare with an earlier run: pnpm bench:compare [old.json]`,
);
if (Object.values(status).includes("failed")) process.exitCode = 1;
