/**
 * The `atv` dispatcher: `simulate` goes to the simulator; everything else is
 * parsed (commander) and run against the library, which is loaded only now.
 */
import { runTokens } from "./commands/run.js";
import { CliContext } from "./context.js";
import { ExitCode } from "./errors.js";
import type { CliIo } from "./io.js";
import { loadLibrary, type AtvLibrary } from "./library.js";
import { ParseExit, USAGE_EXIT_CODE, parseOptions } from "./options.js";

export type { CliIo, OutputStream } from "./io.js";

/** Injection points for tests: a library with fakes, a fixed clock. */
export interface CliDeps {
  loadLibrary?: () => Promise<AtvLibrary>;
  now?: () => Date;
}

async function runSimulator(argv: readonly string[], io: CliIo): Promise<number> {
  const { runSimulate } = await import("../simulator/command.js");
  const signal = io.signal ?? new AbortController().signal;
  return runSimulate([...argv], { stdout: io.stdout, stderr: io.stderr, signal });
}

async function runServeCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { runServe } = await import("../serve/command.js");
  const signal = io.signal ?? new AbortController().signal;
  return runServe(argv, {
    stdout: io.stdout,
    stderr: io.stderr,
    signal,
    ...(io.version ? { version: io.version } : {}),
  });
}

/** Runs one `atv` command line (argv without node and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, deps: CliDeps = {}): Promise<number> {
  if (argv[0] === "simulate") return runSimulator(argv.slice(1), io);
  if (argv[0] === "serve") return runServeCommand(argv.slice(1), io);

  let options;
  try {
    options = await parseOptions(argv, io);
  } catch (error) {
    if (error instanceof ParseExit) return error.exitCode;
    throw error;
  }
  if (options.commands.length === 0) {
    io.stderr.write("error: no command given (try `atv scan`, `atv commands` or `atv --help`)\n");
    return USAGE_EXIT_CODE;
  }
  if (options.debug || options.verbose || options.mdnsDebug) {
    // The library logs through `debug`, which reads DEBUG when it is first loaded (just below).
    const namespaces = [
      ...(options.debug || options.verbose ? ["atv:*"] : []),
      ...(options.mdnsDebug ? ["atv:zeroconf*"] : []),
    ];
    process.env["DEBUG"] = [process.env["DEBUG"], ...namespaces]
      .filter((v) => v !== undefined && v !== "")
      .join(",");
  }

  const lib = await (deps.loadLibrary ?? loadLibrary)();
  const ctx = new CliContext(lib, options, io, deps.now);
  let code: number = ExitCode.Error;
  try {
    code = await runTokens(ctx, options.commands);
  } finally {
    const closeCode = await ctx.close();
    if (code === ExitCode.Ok) code = closeCode;
  }
  return code;
}
