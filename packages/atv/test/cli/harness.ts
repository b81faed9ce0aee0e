/**
 * In-process harness for the CLI: runs runCli with collected stdout/stderr, a
 * scripted stdin and a library whose scan/connect/pair are fakes built on the
 * real @atv/core facade.
 */
import { PassThrough, Writable } from "node:stream";
import * as atv from "../../src/index.js";
import { runCli, type CliDeps } from "../../src/cli/main.js";
import type { AtvLibrary } from "../../src/cli/library.js";

export class Collector extends Writable {
  text = "";
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
  get lines(): string[] {
    return this.text.split("\n").filter((l) => l !== "");
  }
  /** Every stdout line parsed as JSON. */
  json(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export interface RunResult {
  code: number;
  stdout: Collector;
  stderr: Collector;
}

export interface RunOptions {
  /** Lines written to stdin up front; stdin ends afterwards unless `keepStdinOpen`. */
  stdin?: string;
  keepStdinOpen?: boolean;
  /** Called with the stdin stream once the run started (to write later). */
  onStdin?: (stdin: PassThrough) => void;
  signal?: AbortSignal;
  stderrTTY?: boolean;
  deps?: CliDeps;
}

export async function run(argv: string[], lib: AtvLibrary, options: RunOptions = {}): Promise<RunResult> {
  const stdout = new Collector();
  const stderr = new Collector(options.stderrTTY ?? false);
  const stdin = new PassThrough();
  if (options.stdin !== undefined) stdin.write(options.stdin);
  if (!options.keepStdinOpen && !options.onStdin) stdin.end();
  options.onStdin?.(stdin);
  const code = await runCli(
    argv,
    { stdout, stderr, stdin, version: "9.9.9-test", ...(options.signal ? { signal: options.signal } : {}) },
    {
      loadLibrary: () => Promise.resolve(lib),
      now: () => new Date(Date.UTC(2026, 10, 25, 12, 0, 0, 250)),
      ...options.deps,
    },
  );
  return { code, stdout, stderr };
}

export { atv };
