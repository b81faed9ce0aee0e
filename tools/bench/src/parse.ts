/**
 * Turning a report's stdout into metrics. Preferred: `BENCH<TAB>name<TAB>value<TAB>unit<TAB>better`
 * lines (see @atv/test-utils/bench). Also read: plain `name<TAB>value<TAB>unit` lines (the atv CLI
 * report), and the human lines of packages/atv/bench/cli-startup.ts / cli-e2e.ts
 * (`atv --version    median  123.4 ms   min …`).
 */
import type { BenchMetric } from "./types.js";

const LOWER_UNITS = new Set(["ms", "s", "us", "µs", "ns", "kib", "mib", "b", "bytes", "%", "ms/s"]);

/** Lower is better for times and sizes; higher for rates (anything per second, "x realtime"). */
export function inferBetter(unit: string): "lower" | "higher" {
  const u = unit.trim().toLowerCase();
  if (LOWER_UNITS.has(u)) return "lower";
  if (u.includes("/s") || u.startsWith("x") || u.endsWith("×")) return "higher";
  return "lower";
}

function finite(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Metrics from BENCH lines and bare `name<TAB>value<TAB>unit` lines; `prefix` is prepended to bare names. */
export function parseBenchLines(output: string, prefix = ""): BenchMetric[] {
  const metrics: BenchMetric[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const fields = raw.split("\t");
    if (fields[0] === "BENCH" && fields.length === 5) {
      const [, name = "", value, unit = "", better] = fields;
      const number = finite(value);
      if (name === "" || number === undefined) continue;
      metrics.push({
        name,
        value: number,
        unit,
        better: better === "higher" || better === "lower" ? better : inferBetter(unit),
      });
    } else if (fields.length === 3 && fields[0] !== "BENCH") {
      const [name = "", value, unit = ""] = fields;
      const number = finite(value);
      if (name.trim() === "" || number === undefined || /\s{2,}/.test(name)) continue;
      metrics.push({
        name: prefix + name.trim(),
        value: number,
        unit: unit.trim(),
        better: inferBetter(unit),
      });
    }
  }
  return metrics;
}

const MEDIAN_LINE = /^(.+?)\s+median\s+([\d.]+)\s*ms\b/;

/** The `<label> median <n> ms` lines of cli-startup.ts / cli-e2e.ts, as `<prefix><id>` metrics. */
export function parseMedianLines(output: string, ids: Readonly<Record<string, string>>): BenchMetric[] {
  const metrics: BenchMetric[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = MEDIAN_LINE.exec(line.trim());
    if (!match) continue;
    const id = ids[(match[1] ?? "").trim()];
    const value = finite(match[2]);
    if (id !== undefined && value !== undefined)
      metrics.push({ name: id, value, unit: "ms", better: "lower" });
  }
  return metrics;
}

/** Later metrics of the same name replace earlier ones (a suite may print a number twice). */
export function mergeMetrics(...lists: ReadonlyArray<readonly BenchMetric[]>): BenchMetric[] {
  const byName = new Map<string, BenchMetric>();
  for (const list of lists) for (const m of list) byName.set(m.name, m);
  return [...byName.values()];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
