/**
 * Issue 15's CLI and library numbers, one line per metric: `name<TAB>value<TAB>unit`.
 * Each is the median of N new processes (default 7), measured with /usr/bin/time
 * (wall, user+system CPU, peak RSS), against the simulator on loopback:
 *
 *   node-floor.*        `node -e 0`, Node's own floor on this machine
 *   node-floor-no-extra-ca.*   the same without NODE_EXTRA_CA_CERTS, when it is set: Node then
 *                       parses that certificate file at every start (every process measured
 *                       here, the floor included, pays it; a user without it does not)
 *   version.*           `atv --version`
 *   playing.*           `atv --json -s 127.0.0.1 --id ID playing` (unicast scan + connect + playing),
 *                       with the command's V8 code cache (written by the first, unmeasured run)
 *   playing-nocache.*   the same with ATV_COMPILE_CACHE=off: a first run, or a cache that cannot be written
 *   import.wall                 in a new process: `await import("atv")`, ms
 *   import-connect.wall         `import("atv")` + `connect()` to the simulator's MRP service
 *                               (config built by hand: every protocol module loads inside connect)
 *   import-scan-connect.wall    `import("atv")` + unicast `scan()` by identifier + `connect()`
 *
 *   node --import tsx bench/report.ts [runs=7] [cli=dist/cli.js]   (cli: any build's dist/cli.js)
 *
 * Build first (`pnpm --filter atv build`).
 */
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const runs = Number(process.argv[2] ?? 7);
const cli = resolve(here, process.argv[3] ?? "dist/cli.js");
// The package the CLI belongs to (its dist/index.js is what the library probes import), so
// another build (e.g. an older checkout's dist/cli.js) can be measured the same way.
const root = resolve(dirname(cli), "..");
const TIME = "/usr/bin/time";
if (!existsSync(cli)) {
  console.error(`${cli} does not exist: build first (pnpm --filter atv build)`);
  process.exit(1);
}
if (!existsSync(TIME)) {
  console.error(`${TIME} is needed to measure peak RSS (Debian package "time")`);
  process.exit(1);
}

interface Info {
  identifiers: { mrp: string };
  ports: { udns: number; mrp: number };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const dir = mkdtempSync(join(tmpdir(), "atv-report-"));
const timeFile = join(dir, "time.txt");

interface Sample {
  wallMs: number;
  cpuMs: number;
  rssMiB: number;
  stdout: string;
}

// The CLI's code cache (src/cli/compile-cache.ts) in a folder of this report's own.
const cacheEnv: NodeJS.ProcessEnv = { ...process.env, ATV_COMPILE_CACHE: join(dir, "compile-cache") };

/** One process under /usr/bin/time: wall, user+sys CPU, peak RSS. */
function measure(args: readonly string[], env: NodeJS.ProcessEnv): Sample {
  const r = spawnSync(TIME, ["-f", "%e %U %S %M", "-o", timeFile, process.execPath, ...args], {
    cwd: root,
    encoding: "utf8",
    env,
  });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  const [wall, user, sys, rssKiB] = readFileSync(timeFile, "utf8")
    .trim()
    .split("\n")
    .at(-1)!
    .split(" ")
    .map(Number);
  return {
    wallMs: (wall ?? 0) * 1000,
    cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000,
    rssMiB: (rssKiB ?? 0) / 1024,
    stdout: r.stdout,
  };
}

function report(
  name: string,
  args: readonly string[],
  check: (stdout: string) => boolean,
  env: NodeJS.ProcessEnv = cacheEnv,
): void {
  const samples: Sample[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const s = measure(args, env);
    if (!check(s.stdout)) throw new Error(`${name}: unexpected output ${JSON.stringify(s.stdout)}`);
    if (i > 0) samples.push(s); // the first run warms the OS file cache
  }
  // /usr/bin/time's wall clock has 10 ms resolution; good enough next to the targets.
  console.log(`${name}.wall\t${median(samples.map((s) => s.wallMs)).toFixed(0)}\tms`);
  console.log(`${name}.cpu\t${median(samples.map((s) => s.cpuMs)).toFixed(0)}\tms`);
  console.log(`${name}.rss\t${median(samples.map((s) => s.rssMiB)).toFixed(1)}\tMiB`);
}

const sim = spawn(process.execPath, [cli, "simulate", "--udns-port", "0", "--pin", "1234"], {
  stdio: ["ignore", "pipe", "inherit"],
  env: cacheEnv,
});
try {
  const info = await new Promise<Info>((resolveInfo, reject) => {
    const rl = createInterface({ input: sim.stdout });
    rl.once("line", (line) => resolveInfo(JSON.parse(line) as Info));
    sim.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const storageFile = join(dir, "atv.conf");
  const flags = [
    "-s",
    "127.0.0.1",
    "--scan-port",
    String(info.ports.udns),
    "--storage-filename",
    storageFile,
  ];
  const id = info.identifiers.mrp;
  const pair = spawnSync(
    process.execPath,
    [cli, ...flags, "--id", id, "--protocol", "mrp", "--pin", "1234", "pair"],
    { encoding: "utf8", env: cacheEnv },
  );
  if (pair.status !== 0) throw new Error(`pairing with the simulator failed: ${pair.stderr}`);

  // The library probes, each in a new process, importing atv from its dist as a user would.
  // "manual": import + connect() to the simulator's MRP service (a config built by hand, the
  // stored credentials applied by connect): every protocol module loads inside connect().
  // "scan": import + unicast scan by identifier + connect(), the usual way in.
  const probe = join(dir, "probe.mjs");
  const distIndex = pathToFileURL(resolve(root, "dist/index.js")).href;
  writeFileSync(
    probe,
    `const t0 = performance.now();
const atv = await import(${JSON.stringify(distIndex)});
const t1 = performance.now();
const storage = new atv.FileStorage(${JSON.stringify(storageFile)});
await storage.load();
let config;
if (process.argv[2] === "manual") {
  config = new atv.AppleTVConfig({ address: "127.0.0.1", name: "Simulator" });
  config.addService(new atv.ManualService(${JSON.stringify(id)}, atv.Protocol.MRP, ${info.ports.mrp}));
} else {
  const hosts = ["127.0.0.1"];
  [config] = await atv.scan({ hosts, port: ${info.ports.udns}, identifier: ${JSON.stringify(id)}, storage });
}
if (!config) throw new Error("device not found");
const t2 = performance.now();
const device = await atv.connect(config, { storage });
const t3 = performance.now();
await device.metadata.playing();
await device.close();
process.stdout.write(JSON.stringify({ importMs: t1 - t0, findMs: t2 - t1, connectMs: t3 - t2 }) + "\\n");
`,
  );

  interface ProbeTimes {
    importMs: number;
    findMs: number;
    connectMs: number;
  }
  function probeRuns(mode: "manual" | "scan"): ProbeTimes[] {
    const out: ProbeTimes[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const r = spawnSync(process.execPath, [probe, mode], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`library probe (${mode}) failed: ${r.stderr}`);
      if (i > 0) out.push(JSON.parse(r.stdout) as ProbeTimes); // the first run warms the file cache
    }
    return out;
  }

  console.log(
    `# atv bench:report; ${runs} runs each (median); node ${process.version}; simulator on 127.0.0.1`,
  );
  report("node-floor", ["-e", "0"], (out) => out === "");
  if (process.env["NODE_EXTRA_CA_CERTS"]) {
    const withoutCerts = { ...cacheEnv };
    delete withoutCerts["NODE_EXTRA_CA_CERTS"];
    console.log(
      `# NODE_EXTRA_CA_CERTS=${process.env["NODE_EXTRA_CA_CERTS"]}: parsed by every node process below, at start`,
    );
    report("node-floor-no-extra-ca", ["-e", "0"], (out) => out === "", withoutCerts);
  }
  report("version", [cli, "--version"], (out) => /^atv \S+\n$/.test(out));
  const playing = [cli, ...flags, "--json", "--id", id, "playing"];
  const succeeded = (out: string): boolean => /"result": "success"/.test(out);
  report("playing", playing, succeeded);
  report("playing-nocache", playing, succeeded, { ...cacheEnv, ATV_COMPILE_CACHE: "off" });

  const manual = probeRuns("manual");
  const scanned = probeRuns("scan");
  console.log(`import.wall\t${median(manual.map((t) => t.importMs)).toFixed(0)}\tms`);
  console.log(`import-connect.wall\t${median(manual.map((t) => t.importMs + t.connectMs)).toFixed(0)}\tms`);
  const total = scanned.map((t) => t.importMs + t.findMs + t.connectMs);
  console.log(`import-scan-connect.wall\t${median(total).toFixed(0)}\tms`);
} finally {
  // The simulator writes its own code cache into `dir` as it exits: wait for it (5 s at most).
  if (sim.exitCode === null && sim.signalCode === null) {
    const exited = once(sim, "exit");
    sim.kill("SIGTERM");
    await Promise.race([exited, delay(5000, undefined, { ref: false })]);
  }
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
