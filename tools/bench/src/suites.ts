/** The suites `pnpm bench` runs: each package's bench report, and the atv CLI benches. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { atvMetrics } from "./atv-names.js";
import { median, mergeMetrics, parseBenchLines, parseMedianLines } from "./parse.js";
import type { BenchMetric } from "./types.js";

export interface SuiteContext {
  readonly root: string;
  readonly quick: boolean;
  /** Receives every output line of the suite as it arrives. */
  readonly echo: (line: string) => void;
}

export interface Suite {
  readonly id: string;
  readonly aliases: readonly string[];
  run(ctx: SuiteContext): Promise<BenchMetric[]>;
}

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
}

function run(
  cmd: string,
  args: readonly string[],
  cwd: string,
  ctx: SuiteContext,
  env: NodeJS.ProcessEnv = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env, ATV_BENCH_QUICK: ctx.quick ? "1" : "0", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let pending = "";
    const onData = (chunk: Buffer, keep: boolean): void => {
      const text = chunk.toString("utf8");
      if (keep) stdout += text;
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (!line.startsWith("BENCH\t")) ctx.echo(line);
    };
    child.stdout.on("data", (c: Buffer) => onData(c, true));
    child.stderr.on("data", (c: Buffer) => onData(c, false));
    child.once("error", reject);
    child.once("close", (code) => {
      if (pending !== "" && !pending.startsWith("BENCH\t")) ctx.echo(pending);
      resolve({ code, stdout });
    });
  });
}

function scripts(dir: string): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  return pkg.scripts ?? {};
}

/** A package whose `bench:report` script prints BENCH lines. */
function reportSuite(id: string, dir: string, aliases: readonly string[] = []): Suite {
  return {
    id,
    aliases,
    async run(ctx) {
      const cwd = join(ctx.root, dir);
      const r = await run("pnpm", ["run", "--silent", "bench:report"], cwd, ctx);
      if (r.code !== 0) throw new Error(`${dir} bench:report exited with ${r.code}`);
      return parseBenchLines(r.stdout);
    },
  };
}

interface Rusage {
  readonly argv: readonly string[];
  readonly userMs: number;
  readonly systemMs: number;
  readonly maxRssKiB: number;
}

/** Median user CPU, user+sys CPU and peak RSS of the `atv … playing` processes in a rusage log. */
export function oneShotFromRusage(log: string): BenchMetric[] {
  const runs = log
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Rusage)
    .filter((r) => r.argv.at(-1) === "playing" && !r.argv.includes("simulate"));
  if (runs.length === 0) return [];
  return [
    { name: "atv.oneshot.cpu.user", value: median(runs.map((r) => r.userMs)), unit: "ms", better: "lower" },
    {
      name: "atv.oneshot.cpu.total",
      value: median(runs.map((r) => r.userMs + r.systemMs)),
      unit: "ms",
      better: "lower",
    },
    {
      name: "atv.oneshot.rss",
      value: median(runs.map((r) => r.maxRssKiB / 1024)),
      unit: "MiB",
      better: "lower",
    },
  ];
}

/**
 * The atv CLI: its `bench:report` script when the package has one; otherwise cli-startup.ts and
 * cli-e2e.ts, with CPU and peak RSS of every `atv … playing` child read through a preload.
 */
const atvSuite: Suite = {
  id: "atv",
  aliases: ["cli"],
  async run(ctx) {
    const cwd = join(ctx.root, "packages/atv");
    if (!existsSync(join(cwd, "dist/cli.js")))
      throw new Error("packages/atv/dist/cli.js missing: pnpm build first");
    if (scripts(cwd)["bench:report"] !== undefined) {
      const r = await run("pnpm", ["run", "--silent", "bench:report"], cwd, ctx);
      if (r.code !== 0) throw new Error(`atv bench:report exited with ${r.code}`);
      return atvMetrics(parseBenchLines(r.stdout));
    }
    const tsx = ["--import", "tsx"];
    const startup = await run(
      process.execPath,
      [...tsx, "bench/cli-startup.ts", ctx.quick ? "5" : "20"],
      cwd,
      ctx,
    );
    if (startup.code !== 0) throw new Error(`cli-startup.ts exited with ${startup.code}`);
    const dir = mkdtempSync(join(tmpdir(), "atv-bench-rusage-"));
    const log = join(dir, "rusage.jsonl");
    try {
      const preload = pathToFileURL(join(ctx.root, "tools/bench/rusage-preload.mjs")).href;
      const nodeOptions = `${process.env["NODE_OPTIONS"] ?? ""} --import=${preload}`.trim();
      const e2e = await run(
        process.execPath,
        [...tsx, "bench/cli-e2e.ts", ctx.quick ? "3" : "10"],
        cwd,
        ctx,
        {
          NODE_OPTIONS: nodeOptions,
          ATV_BENCH_RUSAGE: log,
        },
      );
      if (e2e.code !== 0) throw new Error(`cli-e2e.ts exited with ${e2e.code}`);
      return mergeMetrics(
        parseMedianLines(startup.stdout, {
          'node -e ""': "atv.cli.node-baseline",
          "atv --version": "atv.cli.cold-start",
          "atv commands": "atv.cli.commands",
        }),
        parseMedianLines(e2e.stdout, { scan: "atv.scan.wall", "scan+connect+playing": "atv.oneshot.wall" }),
        existsSync(log) ? oneShotFromRusage(readFileSync(log, "utf8")) : [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export const SUITES: readonly Suite[] = [
  reportSuite("hap-crypto", "packages/hap-crypto", ["hap", "crypto"]),
  reportSuite("zeroconf", "packages/zeroconf"),
  reportSuite("mrp", "packages/mrp"),
  reportSuite("companion", "packages/companion"),
  reportSuite("airplay", "packages/airplay"),
  reportSuite("raop", "packages/raop"),
  reportSuite("dmap", "packages/dmap"),
  atvSuite,
];

/** The suites `--only a,b` names (ids or aliases); all of them without a filter. */
export function selectSuites(
  only: readonly string[] | undefined,
  suites: readonly Suite[] = SUITES,
): Suite[] {
  if (only === undefined || only.length === 0) return [...suites];
  const wanted = new Set(only.map((s) => s.trim().toLowerCase()).filter((s) => s !== ""));
  const unknown = [...wanted].filter((w) => !suites.some((s) => s.id === w || s.aliases.includes(w)));
  if (unknown.length > 0) {
    throw new RangeError(
      `unknown suite(s): ${unknown.join(", ")} (known: ${suites.map((s) => s.id).join(", ")})`,
    );
  }
  return suites.filter((s) => wanted.has(s.id) || s.aliases.some((a) => wanted.has(a)));
}
