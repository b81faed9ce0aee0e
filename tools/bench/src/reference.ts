/**
 * Reference numbers for the headline metrics. pyatv is measured only when `python3 -c 'import
 * pyatv'` works on this machine; otherwise the numbers recorded in issue #15 for this machine are
 * shown, labelled as recorded and not measured.
 */
import { spawnSync } from "node:child_process";
import { median } from "./parse.js";
import type { ReferenceMetric } from "./types.js";

const RECORDED = "recorded (issue #15), not measured";

/** pyatv 0.18 `atvscript … playing` against the simulator, as recorded in issue #15. */
export const RECORDED_PYATV: readonly ReferenceMetric[] = [
  { name: "atv.oneshot.wall", value: 730, unit: "ms", source: "recorded", label: RECORDED },
  { name: "atv.oneshot.rss", value: 68, unit: "MiB", source: "recorded", label: RECORDED },
];

/** Our own numbers before the speed work, as recorded in issue #15. */
export const RECORDED_OURS_BEFORE: readonly ReferenceMetric[] = [
  { name: "atv.oneshot.wall", value: 470, unit: "ms", source: "recorded", label: RECORDED },
  { name: "atv.oneshot.cpu.user", value: 410, unit: "ms", source: "recorded", label: RECORDED },
  { name: "atv.oneshot.rss", value: 73, unit: "MiB", source: "recorded", label: RECORDED },
];

export function pyatvAvailable(): boolean {
  const r = spawnSync("python3", ["-c", "import pyatv"], { encoding: "utf8", timeout: 20_000 });
  return r.status === 0;
}

/**
 * Measured pyatv numbers: the cold start of `atvremote --version` (wall, CPU and peak RSS of the
 * child, read by a python wrapper from RUSAGE_CHILDREN). pyatv's one-shot `playing` needs a
 * device paired with pyatv itself, so it stays the recorded value.
 */
export function measurePyatv(runs: number): ReferenceMetric[] {
  const wrapper = [
    "import json, resource, subprocess, sys, time",
    "t = time.perf_counter()",
    "subprocess.run([sys.executable, '-m', 'pyatv.scripts.atvremote', '--version'], check=True, capture_output=True)",
    "w = time.perf_counter() - t",
    "r = resource.getrusage(resource.RUSAGE_CHILDREN)",
    "print(json.dumps({'wall': w * 1000, 'user': r.ru_utime * 1000, 'rss': r.ru_maxrss / 1024}))",
  ].join("\n");
  const samples: Array<{ wall: number; user: number; rss: number }> = [];
  for (let i = 0; i < runs + 1; i++) {
    const r = spawnSync("python3", ["-c", wrapper], { encoding: "utf8", timeout: 60_000 });
    if (r.status !== 0) return [];
    if (i > 0) samples.push(JSON.parse(r.stdout) as { wall: number; user: number; rss: number });
  }
  const label = `measured: pyatv atvremote --version, median of ${runs}`;
  return [
    {
      name: "atv.cli.cold-start",
      value: median(samples.map((s) => s.wall)),
      unit: "ms",
      source: "measured",
      label,
    },
    {
      name: "atv.cli.cold-start.rss",
      value: median(samples.map((s) => s.rss)),
      unit: "MiB",
      source: "measured",
      label,
    },
  ];
}
