/** One number a benchmark produced. */
export interface BenchMetric {
  /** Stable dotted id, e.g. `mrp.rtt.command.p50`. */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly better: "lower" | "higher";
}

export interface MachineInfo {
  readonly node: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cores: number;
  readonly loadAverage: readonly number[];
  readonly date: string;
  readonly gitSha: string | null;
}

/** A reference number for one of our metrics (pyatv), measured here or recorded in issue #15. */
export interface ReferenceMetric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly source: "measured" | "recorded";
  readonly label: string;
}

/** What `pnpm bench` writes to bench/results.json. */
export interface BenchResults {
  readonly version: 1;
  readonly quick: boolean;
  readonly machine: MachineInfo;
  readonly suites: Readonly<Record<string, "ok" | "failed" | "skipped">>;
  readonly metrics: readonly BenchMetric[];
  readonly reference: readonly ReferenceMetric[];
}
