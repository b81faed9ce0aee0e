/**
 * The machine-readable line every `bench/report.ts` prints next to its human output, collected by
 * the root `pnpm bench` (tools/bench):
 *
 *   BENCH<TAB>name<TAB>value<TAB>unit<TAB>lower|higher
 *
 * `name` is a stable dotted id (`mrp.rtt.command.p50`); `better` says which direction improves.
 */
export type Better = "lower" | "higher";

export function benchLine(name: string, value: number, unit: string, better: Better): string {
  if (/[\t\n]/.test(name) || /[\t\n]/.test(unit)) throw new RangeError("bench name/unit must not hold tabs");
  return ["BENCH", name, String(Number(value.toPrecision(6))), unit, better].join("\t");
}

/** Prints one {@link benchLine}. */
export function emitBench(name: string, value: number, unit: string, better: Better): void {
  console.log(benchLine(name, value, unit, better));
}

/** True under `pnpm bench --quick` (ATV_BENCH_QUICK=1): reports shrink their iteration counts. */
export function benchQuick(): boolean {
  return process.env["ATV_BENCH_QUICK"] === "1";
}

/** `full`, or `quick` in quick mode. */
export function benchCount(full: number, quick: number): number {
  return benchQuick() ? quick : full;
}
