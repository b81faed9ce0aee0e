/** Reading and checking bench/results.json files. */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchMetric, BenchResults } from "./types.js";

function isMetric(value: unknown): value is BenchMetric {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m["name"] === "string" &&
    typeof m["value"] === "number" &&
    typeof m["unit"] === "string" &&
    (m["better"] === "lower" || m["better"] === "higher")
  );
}

/** Parses a results file; throws a TypeError naming `source` when it is not one. */
export function parseResults(text: string, source: string): BenchResults {
  const data = JSON.parse(text) as unknown;
  if (typeof data !== "object" || data === null) throw new TypeError(`${source}: not a bench results object`);
  const r = data as Record<string, unknown>;
  if (r["version"] !== 1 || !Array.isArray(r["metrics"]) || !r["metrics"].every(isMetric)) {
    throw new TypeError(`${source}: not a version-1 bench results file`);
  }
  return data as BenchResults;
}

export const RESULTS_PATH = "bench/results.json";
export const BASELINE_PATH = "bench/baseline.json";

/**
 * The run to compare against: `explicit` if given; else the committed bench/baseline.json; else
 * bench/results.json as committed at git HEAD.
 */
export function loadPrevious(
  root: string,
  explicit?: string,
): { results: BenchResults; source: string } | undefined {
  if (explicit !== undefined) {
    return { results: parseResults(readFileSync(explicit, "utf8"), explicit), source: explicit };
  }
  const baseline = join(root, BASELINE_PATH);
  if (existsSync(baseline)) {
    return { results: parseResults(readFileSync(baseline, "utf8"), BASELINE_PATH), source: BASELINE_PATH };
  }
  try {
    const text = execFileSync("git", ["show", `HEAD:${RESULTS_PATH}`], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return { results: parseResults(text, `HEAD:${RESULTS_PATH}`), source: `git HEAD:${RESULTS_PATH}` };
  } catch {
    return undefined;
  }
}
