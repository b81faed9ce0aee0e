/**
 * Start-up cost of the `atv` command: the median wall time of N cold spawns of
 * `node dist/cli.js --version` (and, for scale, of `atv commands`, which loads
 * commander and the library, and of an empty `node -e ""`).
 *
 *   node --import tsx bench/cli-startup.ts [runs=30] [cli=dist/cli.js]
 *
 * Build first (`pnpm --filter atv build`).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const runs = Number(process.argv[2] ?? 30);
const cli = resolve(root, process.argv[3] ?? "dist/cli.js");
if (!existsSync(cli)) {
  console.error(`${cli} does not exist: build first (pnpm --filter atv build)`);
  process.exit(1);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function time(args: string[], expectOut: RegExp): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0 || !expectOut.test(r.stdout)) {
      throw new Error(`node ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
    }
    if (i >= 2) samples.push(ms); // the first two warm the OS file cache
  }
  return samples;
}

const rows: [string, number[]][] = [
  ['node -e ""', time(["-e", ""], /^$/)],
  ["atv --version", time([cli, "--version"], /^atv \S+\n$/)],
  ["atv commands", time([cli, "commands"], /Remote control commands:/)],
];
console.log(`cli: ${cli}; ${runs} runs each; node ${process.version}`);
for (const [name, samples] of rows) {
  console.log(
    `${name.padEnd(16)} median ${median(samples).toFixed(1).padStart(6)} ms   min ${Math.min(...samples).toFixed(1)} ms   max ${Math.max(...samples).toFixed(1)} ms`,
  );
}
