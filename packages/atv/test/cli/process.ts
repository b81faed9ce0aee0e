/**
 * Spawning the real `atv` command for end-to-end tests. The built dist/cli.js is
 * used when every workspace package's build is newer than its sources (as in CI,
 * which builds before testing); otherwise the CLI runs from source
 * (`node --conditions=@atv/source --import tsx src/cli.ts`), so a stale build is
 * never tested. ATV_CLI=dist or ATV_CLI=source forces one.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { SimulatorInfo } from "../../src/simulator/index.js";

export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True if dist/ of atv and of every sibling package is newer than its src/. */
function distIsFresh(): boolean {
  const packagesDir = dirname(packageRoot);
  for (const name of readdirSync(packagesDir)) {
    const src = join(packagesDir, name, "src");
    const built = join(packagesDir, name, "dist", name === "atv" ? "cli.js" : "index.js");
    if (!existsSync(src)) continue;
    if (!existsSync(built) || statSync(built).mtimeMs < newestMtimeMs(src)) return false;
  }
  return true;
}

export const useDist =
  process.env["ATV_CLI"] === "dist" || (process.env["ATV_CLI"] !== "source" && distIsFresh());

export function cliArgv(args: readonly string[]): string[] {
  return useDist
    ? [join(packageRoot, "dist", "cli.js"), ...args]
    : ["--conditions=@atv/source", "--import", "tsx", join(packageRoot, "src", "cli.ts"), ...args];
}

/**
 * The tests' compile cache (src/cli/compile-cache.ts): a folder of their own, not the user's
 * cache folder; concurrent runs share it as concurrent commands of a user do.
 */
export const testCompileCache = join(tmpdir(), "atv-test-compile-cache");

export function spawnCli(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, cliArgv(args), {
    cwd: packageRoot,
    env: { ATV_COMPILE_CACHE: testCompileCache, ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
    stdio: "pipe",
  });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion; stdin gets `input` and is then closed. */
export function runCli(
  args: readonly string[],
  {
    input = "",
    timeoutMs = 30_000,
    env = {},
  }: { input?: string; timeoutMs?: number; env?: Readonly<Record<string, string>> } = {},
): Promise<Finished> {
  const child = spawnCli(args, env);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `atv ${args.join(" ")} did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Reads a child's stdout line by line. */
export class LineQueue {
  readonly lines: string[] = [];
  #waiters: (() => void)[] = [];
  #closed = false;

  constructor(child: ChildProcessWithoutNullStreams) {
    const rl = createInterface({ input: child.stdout });
    rl.on("line", (line) => {
      this.lines.push(line);
      for (const w of this.#waiters.splice(0)) w();
    });
    rl.on("close", () => {
      this.#closed = true;
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  /** Waits for a line matching `predicate` (searching from line `from`) and returns its index. */
  async waitFor(
    predicate: (line: string) => boolean,
    { from = 0, timeoutMs = 15_000 } = {},
  ): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.lines.findIndex((l, i) => i >= from && predicate(l));
      if (index >= 0) return index;
      if (this.#closed) throw new Error(`stdout closed without the line; got:\n${this.lines.join("\n")}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for a line; got:\n${this.lines.join("\n")}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

export type { SimulatorInfo };

/** `atv simulate` as a real process; `stop()` sends SIGTERM and waits for it to exit. */
export class SimulatorProcess {
  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly info: SimulatorInfo,
    private readonly stderr: () => string,
    /** One per device with `--count N`. */
    readonly infos: readonly SimulatorInfo[] = [info],
  ) {}

  static async start(args: readonly string[], count = 1): Promise<SimulatorProcess> {
    const child = spawnCli(["simulate", ...args]);
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const lines = new LineQueue(child);
    try {
      const infos: SimulatorInfo[] = [];
      for (let from = 0; infos.length < count;) {
        const index = await lines.waitFor((l) => l.startsWith("{"), { timeoutMs: 20_000, from });
        infos.push(JSON.parse(lines.lines[index] ?? "") as SimulatorInfo);
        from = index + 1;
      }
      const [info] = infos as [SimulatorInfo];
      return new SimulatorProcess(child, info, () => stderr, infos);
    } catch (error) {
      child.kill("SIGKILL");
      throw new Error(`atv simulate did not start: ${(error as Error).message}\nstderr: ${stderr}`);
    }
  }

  /** Flags that find this simulator by unicast DNS-SD on loopback. */
  get scanFlags(): string[] {
    return ["-s", this.info.address, "--scan-port", String(this.info.ports.udns), "-t", "5"];
  }

  async stop(): Promise<{ code: number | null; stderr: string }> {
    if (this.child.exitCode !== null) return { code: this.child.exitCode, stderr: this.stderr() };
    const exited = new Promise<number | null>((resolve) => this.child.on("close", (code) => resolve(code)));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
    const code = await exited;
    clearTimeout(timer);
    return { code, stderr: this.stderr() };
  }
}
