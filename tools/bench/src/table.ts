/** The side-by-side table `pnpm bench` prints. */
import type { BenchMetric, ReferenceMetric } from "./types.js";

/** The numbers issue #15 asks for, in this order. */
export const HEADLINE: ReadonlyArray<{ name: string; label: string }> = [
  { name: "atv.cli.cold-start", label: "CLI cold start (atv --version)" },
  { name: "atv.oneshot.wall", label: "one-shot scan+connect+playing, wall" },
  { name: "atv.oneshot.cpu.user", label: "one-shot scan+connect+playing, user CPU" },
  { name: "atv.oneshot.cpu.total", label: "one-shot scan+connect+playing, user+sys CPU" },
  { name: "atv.oneshot.rss", label: "one-shot scan+connect+playing, peak RSS" },
  { name: "hap.pair-setup.cpu.client", label: "pair-setup CPU, client side" },
  { name: "hap.pair-setup.cpu.server", label: "pair-setup CPU, device side" },
  { name: "mrp.rtt.command.p50", label: "encrypted MRP round trip (p50)" },
  { name: "raop.cpu-per-audio-second", label: "RAOP client CPU per second of audio" },
  { name: "raop.cpu-floor-per-audio-second", label: "  floor: bare Node making the same sends" },
];

export function formatValue(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  const abs = Math.abs(value);
  if (abs >= 10_000) return Math.round(value).toLocaleString("en");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

function render(rows: readonly string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? "").length))) ?? [];
  return rows.map((row, i) => {
    const line = row
      .map((cell, col) =>
        rightAligned.has(col) && i > 0 ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0),
      )
      .join("  ")
      .trimEnd();
    return i === 0 ? `${line}\n${"-".repeat(line.length)}` : line;
  });
}

/**
 * The headline table (ours | pyatv | ours before) followed by every other metric. Reference values
 * in another unit than ours are left out rather than converted silently.
 */
export function renderTable(
  metrics: readonly BenchMetric[],
  pyatv: readonly ReferenceMetric[],
  oursBefore: readonly ReferenceMetric[],
): string[] {
  const byName = new Map(metrics.map((m) => [m.name, m]));
  const ref = (list: readonly ReferenceMetric[], name: string, unit: string | undefined): string => {
    const r = list.find((x) => x.name === name);
    if (r === undefined) return "—";
    if (unit !== undefined && r.unit !== unit) return "—";
    return `${formatValue(r.value)}${r.source === "recorded" ? " *" : ""}`;
  };
  const head: string[][] = [["metric", "ours", "pyatv", "ours before (#15)", "unit"]];
  for (const { name, label } of HEADLINE) {
    const m = byName.get(name);
    const unit =
      m?.unit ?? pyatv.find((r) => r.name === name)?.unit ?? oursBefore.find((r) => r.name === name)?.unit;
    head.push([
      label,
      formatValue(m?.value),
      ref(pyatv, name, unit),
      ref(oursBefore, name, unit),
      unit ?? "",
    ]);
  }
  const lines = render(head, new Set([1, 2, 3]));
  const sources = new Set([...pyatv, ...oursBefore].map((r) => r.label));
  const recorded = [...pyatv, ...oursBefore].some((r) => r.source === "recorded");
  if (recorded) lines.push("* recorded (issue #15), not measured");
  for (const label of sources) if (!label.startsWith("recorded")) lines.push(`pyatv: ${label}`);
  const headline = new Set(HEADLINE.map((h) => h.name));
  const rest = metrics.filter((m) => !headline.has(m.name)).sort((a, b) => a.name.localeCompare(b.name));
  if (rest.length > 0) {
    lines.push("");
    const all: string[][] = [["metric", "value", "unit", "better"]];
    for (const m of rest) all.push([m.name, formatValue(m.value), m.unit, m.better]);
    lines.push(...render(all, new Set([1])));
  }
  return lines;
}
