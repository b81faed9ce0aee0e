/** Turning an error into one line on stderr (or a JSON failure object) and an exit code. */
import { CommandSyntaxError } from "../command-line.js";
import type { CliContext } from "../context.js";
import { CliError, ExitCode } from "../errors.js";
import { apiCommands } from "./catalog.js";

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  if (
    signal?.aborted === true &&
    (error === signal.reason || (error instanceof Error && error.name === "AbortError"))
  ) {
    return true;
  }
  return error instanceof Error && error.name === "AbortError";
}

/** Prints why `error` ended the command and returns the exit code. */
export function reportError(ctx: CliContext, error: unknown, command?: string): number {
  const { lib } = ctx;
  const debug = ctx.options.debug;
  // atvscript puts `stacktrace` next to every `exception`; atvremote prints one only when debugging.
  const stack = error instanceof Error && (debug || ctx.json) ? error.stack : undefined;
  let code: number = ExitCode.Error;
  let line: string;
  let kind: "device_not_found" | "unsupported_command" | undefined;

  if (isAbort(error, ctx.signal)) {
    code = ExitCode.Interrupted;
    line = "Interrupted";
  } else if (error instanceof CliError) {
    code = error.exitCode;
    kind = error.jsonError;
    line = error.message;
  } else if (error instanceof CommandSyntaxError) {
    line = error.message;
  } else if (lib.isAtvError(error) && error.code === lib.ErrorCode.NotSupported) {
    kind = "unsupported_command";
    const api = command !== undefined && apiCommands.has(command);
    line = `${api ? `Command '${command}' is not supported by the device` : "Not supported"}: ${error.message}`;
  } else if (lib.isAtvError(error)) {
    line = `${error.name}: ${error.message}`;
  } else if (error instanceof RangeError || error instanceof TypeError) {
    line = `Invalid argument${command ? ` for ${command}` : ""}: ${error.message}`;
  } else {
    line = `Error: ${messageOf(error)}`;
  }

  if (ctx.json) {
    // atvscript: `exception` is `str(ex)` (the message alone, no `Name: ` prefix), always
    // with `stacktrace`; its own failures (device_not_found, unsupported_command for a
    // command it does not know) carry neither.
    const ownFailure = error instanceof CliError && error.jsonError !== undefined;
    ctx.emit({}, false, {
      ...(kind ? { error: kind } : {}),
      ...(ownFailure ? {} : { exception: isAbort(error, ctx.signal) ? line : messageOf(error) }),
      ...(stack !== undefined && !ownFailure ? { stacktrace: stack } : {}),
    });
  } else {
    ctx.warn(line);
    if (stack !== undefined) ctx.warn(stack);
  }
  return code;
}
