/** Runs one API command (`play`, `volume`, `set_volume=40`, `title` …) on the connected device. */
import type { AppleTV } from "../../index.js";
import type { CommandLine } from "../command-line.js";
import type { CliContext } from "../context.js";
import type { AtvLibrary } from "../library.js";
import type { OutputStream } from "../io.js";
import type { StreamFileProgress } from "@atv/core";
import { ExitCode, unsupportedCommand } from "../errors.js";
import { formatValue, jsonValue } from "../format.js";
import { playingJson } from "../json-output.js";
import { convertArgs } from "./arguments.js";
import type { ApiCommand, Target } from "./catalog.js";

/** The object a catalog entry's member lives on (shared with `atv serve`). */
export async function resolveTarget(atv: AppleTV, target: Target): Promise<object> {
  switch (target) {
    case "playing":
      return atv.metadata.playing();
    case "deviceInfo":
      return atv.deviceInfo;
    default:
      return atv[target];
  }
}

/** The app that is playing, when the device says the App feature is available. */
export function currentApp(ctx: CliContext, atv: AppleTV) {
  return appIfAvailable(ctx.lib, atv);
}

/** {@link currentApp} for callers that hold the library itself (`atv serve`). */
export function appIfAvailable(lib: AtvLibrary, atv: AppleTV) {
  try {
    return atv.features.inState(lib.FeatureState.Available, lib.FeatureName.App)
      ? atv.metadata.app
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * stream_file progress on stderr: a bar redrawn in place on a terminal, otherwise a plain line
 * about every 10 s of audio and at the end (nothing with --json).
 */
function streamProgress(out: OutputStream): (p: StreamFileProgress) => void {
  let lastLine = -Infinity;
  return (p) => {
    const total = p.duration;
    const text = `${p.position.toFixed(1)} s${total ? ` / ${total.toFixed(1)} s` : ""}`;
    if (out.isTTY) {
      const width = 30;
      const done = total ? Math.min(width, Math.round((p.position / total) * width)) : 0;
      out.write(`\r[${"#".repeat(done)}${".".repeat(width - done)}] ${text}`);
      if (total && p.position >= total - 0.01) out.write("\n");
    } else if (p.position - lastLine >= 10 || (total !== undefined && p.position >= total - 0.01)) {
      lastLine = p.position;
      out.write(`streamed ${text}\n`);
    }
  };
}

/**
 * Reads the catalog entry's property or calls its method on the device (shared with `atv serve`);
 * `unsupported` builds the error for a member the device does not have.
 */
export async function invokeCommand(
  atv: AppleTV,
  command: ApiCommand,
  args: unknown[],
  unsupported: (message: string) => Error,
): Promise<unknown> {
  const target = await resolveTarget(atv, command.target);
  const member: unknown = Reflect.get(target, command.member);
  if (command.kind === "property") return member;
  if (typeof member !== "function") throw unsupported(`${command.name} is not available on this device`);
  return (member as (...a: unknown[]) => unknown).apply(target, args);
}

/** atvscript's values object for a command's result (without result/datetime). */
export function commandJson(lib: AtvLibrary, atv: AppleTV, command: ApiCommand, result: unknown) {
  if (command.name === "playing" && result instanceof lib.Playing)
    return playingJson(lib, result, appIfAvailable(lib, atv));
  if (command.kind === "method" && result === undefined) return { command: command.name };
  return { [command.name]: jsonValue(lib, result, command.valueEnum, command.valueFloat === true) };
}

export async function runApiCommand(
  ctx: CliContext,
  command: ApiCommand,
  line: CommandLine,
): Promise<number> {
  const { lib } = ctx;
  const converted = convertArgs(lib, command.args, line.args, command.name);
  if (command.name === "stream_file" && converted[0] === "-") converted[0] = ctx.io.stdin;
  const callOptions =
    command.name === "stream_file" && !ctx.json
      ? { ...ctx.callOptions, onProgress: streamProgress(ctx.io.stderr) }
      : ctx.callOptions;
  const args = command.callArgs ? command.callArgs(converted, callOptions) : [...converted, callOptions];

  const atv = await ctx.device();
  const result = await invokeCommand(atv, command, args, unsupportedCommand);
  if (ctx.json) {
    ctx.emit(commandJson(lib, atv, command, result));
    return ExitCode.Ok;
  }
  if (command.kind === "method" && result === undefined) return ExitCode.Ok;
  ctx.print(formatValue(lib, result, command.valueEnum, command.valueFloat === true));
  return ExitCode.Ok;
}
