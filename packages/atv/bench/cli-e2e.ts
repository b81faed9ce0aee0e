/**
 * End-to-end cost of the `atv` command against the simulator on loopback: the
 * median wall time of N cold `atv scan` runs and of N `atv … playing` runs
 * (scan + connect with stored credentials + playing + close), each a new process.
 *
 *   node --import tsx bench/cli-e2e.ts [runs=15] [cli=dist/cli.js]
 *
 * Build first (`pnpm --filter atv build`).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const runs = Number(process.argv[2] ?? 15);
const cli = resolve(root, process.argv[3] ?? "dist/cli.js");
if (!existsSync(cli)) {
  console.error(`${cli} does not exist: build first (pnpm --filter atv build)`);
  process.exit(1);
}

interface Info {
  identifiers: { mrp: string };
  ports: { udns: number };
}

const sim = spawn(process.execPath, [cli, "simulate", "--udns-port", "0", "--pin", "1234"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const info = await new Promise<Info>((resolveInfo, reject) => {
  const rl = createInterface({ input: sim.stdout });
  rl.once("line", (line) => resolveInfo(JSON.parse(line) as Info));
  sim.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
});

const dir = mkdtempSync(join(tmpdir(), "atv-bench-"));
const flags = [
  "-s",
  "127.0.0.1",
  "--scan-port",
  String(info.ports.udns),
  "-i",
  info.identifiers.mrp,
  "--storage-filename",
  join(dir, "atv.conf"),
];

function atv(args: string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, ...flags, ...args], { cwd: root, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`atv ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

try {
  atv(["--protocol", "mrp", "--pin", "1234", "pair"]);
  const results: [string, number[]][] = [
    ["scan", []],
    ["scan+connect+playing", []],
  ];
  atv(["scan"]);
  atv(["playing"]);
  for (let i = 0; i < runs; i++) {
    results[0]?.[1].push(atv(["scan"]));
    results[1]?.[1].push(atv(["playing"]));
  }
  console.log(`cli: ${cli}; ${runs} runs each; node ${process.version}; simulator on 127.0.0.1`);
  for (const [name, samples] of results) {
    console.log(
      `${name.padEnd(22)} median ${median(samples).toFixed(1).padStart(6)} ms   min ${Math.min(...samples).toFixed(1)} ms   max ${Math.max(...samples).toFixed(1)} ms`,
    );
  }
} finally {
  sim.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
