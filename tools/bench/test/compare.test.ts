import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareMetrics, compareReport, worsening } from "../src/compare.js";
import { loadPrevious, parseResults } from "../src/results.js";
import type { BenchMetric, BenchResults } from "../src/types.js";

const machine = {
  node: "v20.20.2",
  platform: "linux/x64",
  cpu: "Test CPU",
  cores: 2,
  loadAverage: [0.1, 0.2, 0.3],
  date: "2026-12-02T00:00:00.000Z",
  gitSha: null,
};
const results = (metrics: BenchMetric[], quick = false): BenchResults => ({
  version: 1,
  quick,
  machine,
  suites: {},
  metrics,
  reference: [],
});
const ms = (name: string, value: number): BenchMetric => ({ name, value, unit: "ms", better: "lower" });
const rate = (name: string, value: number): BenchMetric => ({ name, value, unit: "ops/s", better: "higher" });

describe("worsening", () => {
  it("is relative to the old value and signed by the metric's direction", () => {
    expect(worsening({ better: "lower" }, 10, 12.5)).toBeCloseTo(0.25);
    expect(worsening({ better: "lower" }, 10, 8)).toBeCloseTo(-0.2);
    expect(worsening({ better: "higher" }, 1000, 700)).toBeCloseTo(0.3);
    expect(worsening({ better: "higher" }, 1000, 1500)).toBeCloseTo(-0.5);
    expect(worsening({ better: "lower" }, 0, 0)).toBe(0);
    expect(worsening({ better: "lower" }, 0, 1)).toBe(Infinity);
  });
});

describe("compareMetrics", () => {
  it("flags only changes worse than the threshold, and skips new or re-unitted metrics", () => {
    const before = [ms("a", 10), ms("b", 10), rate("c", 1000), rate("d", 1000), ms("e", 5)];
    const after = [
      ms("a", 12),
      ms("b", 12.5),
      rate("c", 850),
      rate("d", 700),
      { ...ms("e", 5000), unit: "µs" },
      ms("new", 1),
    ];
    const changes = compareMetrics(before, after);
    expect(changes.map((c) => [c.name, c.regressed])).toEqual([
      ["a", false],
      ["b", true],
      ["c", false],
      ["d", true],
    ]);
  });
});

describe("compareReport", () => {
  it("prints a WARNING line per regression and a summary", () => {
    const lines = compareReport(
      results([ms("mrp.rtt.command.p50", 0.1), rate("hap.ed25519.verify", 900)]),
      results([ms("mrp.rtt.command.p50", 0.15), rate("hap.ed25519.verify", 9000)]),
    );
    expect(lines).toEqual([
      "WARNING: mrp.rtt.command.p50 regressed 50 %: 0.100 → 0.150 ms",
      "2 metrics compared: 1 regressed > 20 %, 1 improved > 20 %",
    ]);
  });

  it("notes a quick-vs-full or cross-machine comparison", () => {
    const other = { ...results([], true), machine: { ...machine, cpu: "Other CPU" } };
    const lines = compareReport(results([]), other);
    expect(lines[0]).toMatch(/full run with a quick run/);
    expect(lines[1]).toMatch(/different machines/);
  });

  it("notes a busy machine (load above the core count)", () => {
    const busy = { ...results([]), machine: { ...machine, loadAverage: [8.5, 6, 3] } };
    expect(compareReport(results([]), busy)[0]).toBe(
      "note: the machine was busy (1-min load 0.1 → 8.5 on 2 cores): expect noise",
    );
    expect(compareReport(results([]), results([]))).toHaveLength(1);
  });
});

describe("results files", () => {
  it("parseResults rejects what is not a version-1 results file", () => {
    expect(() => parseResults("[]", "x.json")).toThrow(TypeError);
    expect(() => parseResults(JSON.stringify({ version: 1, metrics: [{ name: "a" }] }), "x.json")).toThrow(
      /x\.json/,
    );
    expect(parseResults(JSON.stringify(results([ms("a", 1)])), "ok.json").metrics).toHaveLength(1);
  });

  it("loadPrevious prefers an explicit file, then bench/baseline.json", () => {
    const root = mkdtempSync(join(tmpdir(), "bench-compare-"));
    expect(loadPrevious(root)).toBeUndefined();
    const explicit = join(root, "old.json");
    writeFileSync(explicit, JSON.stringify(results([ms("x", 1)])));
    expect(loadPrevious(root, explicit)?.source).toBe(explicit);
    mkdirSync(join(root, "bench"));
    writeFileSync(join(root, "bench/baseline.json"), JSON.stringify(results([ms("y", 2)])));
    expect(loadPrevious(root)?.results.metrics[0]?.name).toBe("y");
  });
});
