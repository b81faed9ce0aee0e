/** Comparing two bench/results.json files: a warning per metric that got more than 20 % worse. */
import type { BenchMetric, BenchResults } from "./types.js";

export const REGRESSION_THRESHOLD = 0.2;

export interface MetricChange {
  readonly name: string;
  readonly unit: string;
  readonly before: number;
  readonly after: number;
  /** Relative change in the "worse" direction: +0.25 means 25 % worse, negative means better. */
  readonly worse: number;
  readonly regressed: boolean;
}

/** How much worse `after` is than `before` (relative to `before`), for the metric's direction. */
export function worsening(metric: Pick<BenchMetric, "better">, before: number, after: number): number {
  if (before === 0) return after === 0 ? 0 : metric.better === "lower" ? Infinity : -Infinity;
  const change = (after - before) / Math.abs(before);
  return metric.better === "lower" ? change : -change;
}

export function compareMetrics(
  before: readonly BenchMetric[],
  after: readonly BenchMetric[],
  threshold = REGRESSION_THRESHOLD,
): MetricChange[] {
  const old = new Map(before.map((m) => [m.name, m]));
  const changes: MetricChange[] = [];
  for (const m of after) {
    const prev = old.get(m.name);
    if (prev === undefined || prev.unit !== m.unit) continue;
    const worse = worsening(m, prev.value, m.value);
    changes.push({
      name: m.name,
      unit: m.unit,
      before: prev.value,
      after: m.value,
      worse,
      regressed: worse > threshold,
    });
  }
  return changes;
}

const fmt = (v: number): string =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);

/** Lines to print: one `WARNING` per regression, notes on mode/machine differences, a summary. */
export function compareReport(
  before: BenchResults,
  after: BenchResults,
  threshold = REGRESSION_THRESHOLD,
): string[] {
  const lines: string[] = [];
  if (before.quick !== after.quick) {
    lines.push(
      `note: comparing a ${before.quick ? "quick" : "full"} run with a ${after.quick ? "quick" : "full"} run`,
    );
  }
  if (before.machine.cpu !== after.machine.cpu || before.machine.cores !== after.machine.cores) {
    lines.push(
      `note: different machines (${before.machine.cpu} ×${before.machine.cores} → ${after.machine.cpu} ×${after.machine.cores})`,
    );
  }
  const load = (r: BenchResults): number => r.machine.loadAverage[0] ?? 0;
  if (Math.max(load(before), load(after)) > after.machine.cores) {
    lines.push(
      `note: the machine was busy (1-min load ${load(before)} → ${load(after)} on ${after.machine.cores} cores): expect noise`,
    );
  }
  const changes = compareMetrics(before.metrics, after.metrics, threshold);
  for (const c of changes) {
    if (!c.regressed) continue;
    const pct = Number.isFinite(c.worse) ? `${(c.worse * 100).toFixed(0)} %` : "∞";
    lines.push(`WARNING: ${c.name} regressed ${pct}: ${fmt(c.before)} → ${fmt(c.after)} ${c.unit}`);
  }
  const regressions = changes.filter((c) => c.regressed).length;
  const improved = changes.filter((c) => c.worse < -threshold).length;
  lines.push(
    `${changes.length} metrics compared: ${regressions} regressed > ${(threshold * 100).toFixed(0)} %, ${improved} improved > ${(threshold * 100).toFixed(0)} %`,
  );
  return lines;
}
