/**
 * The atv CLI report's own names (packages/atv `bench:report`, `name<TAB>value<TAB>unit`) mapped onto
 * the headline ids, with times in ms and sizes in MiB. Names we cannot place are kept as `atv.<name>`.
 */
import type { BenchMetric } from "./types.js";

const TIME: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000 };
const SIZE: Readonly<Record<string, number>> = {
  b: 1 / 1048576,
  bytes: 1 / 1048576,
  kb: 1000 / 1048576,
  kib: 1 / 1024,
  mb: 1e6 / 1048576,
  mib: 1,
  gib: 1024,
};

/** `value unit` in ms (times) or MiB (sizes); undefined for other units. */
export function normalise(value: number, unit: string): { value: number; unit: "ms" | "MiB" } | undefined {
  const u = unit.trim().toLowerCase();
  const t = TIME[u];
  if (t !== undefined) return { value: value * t, unit: "ms" };
  const s = SIZE[u];
  if (s !== undefined) return { value: value * s, unit: "MiB" };
  return undefined;
}

/** The headline id a CLI metric name stands for, or undefined. */
export function headlineId(name: string, unit: string): string | undefined {
  const n = name.toLowerCase();
  const kind = normalise(1, unit)?.unit;
  if (kind === undefined) return undefined;
  const oneShot = /playing|one-?shot|e2e|scan\+connect/.test(n);
  const cold = /version|cold|startup|start-up/.test(n);
  if (kind === "MiB") return oneShot ? "atv.oneshot.rss" : undefined;
  if (/cpu|user|sys/.test(n)) {
    if (!oneShot) return undefined;
    return /user/.test(n) && !/sys/.test(n) ? "atv.oneshot.cpu.user" : "atv.oneshot.cpu.total";
  }
  if (oneShot) return "atv.oneshot.wall";
  return cold ? "atv.cli.cold-start" : undefined;
}

/** CLI report metrics under `atv.<name>`, plus the headline ids they map to (first one wins). */
export function atvMetrics(raw: readonly BenchMetric[]): BenchMetric[] {
  const out: BenchMetric[] = [];
  const taken = new Set<string>();
  for (const m of raw) {
    const name = m.name.startsWith("atv.") ? m.name : `atv.${m.name}`;
    out.push({ ...m, name });
    const id = headlineId(m.name, m.unit);
    const norm = normalise(m.value, m.unit);
    if (id === undefined || norm === undefined || taken.has(id) || id === name) continue;
    taken.add(id);
    out.push({ name: id, value: norm.value, unit: norm.unit, better: "lower" });
  }
  return out;
}
