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
  const target = await resolveTarget(atv, command.target);
  const member: unknown = Reflect.get(target, command.member);
  let result: unknown;
  if (command.kind === "property") {
    result = member;
  } else {
    if (typeof member !== "function")
      throw unsupportedCommand(`${command.name} is not available on this device`);
    result = await (member as (...a: unknown[]) => unknown).apply(target, args);
  }

  if (ctx.json) {
    if (command.name === "playing" && result instanceof lib.Playing) {
      ctx.emit(playingJson(lib, result, currentApp(ctx, atv)));
    } else if (command.kind === "method" && result === undefined) {
      ctx.emit({ command: command.name });
    } else {
      ctx.emit({ [command.name]: jsonValue(lib, result, command.valueEnum, command.valueFloat === true) });
    }
    return ExitCode.Ok;
  }
  if (command.kind === "method" && result === undefined) return ExitCode.Ok;
  ctx.print(formatValue(lib, result, command.valueEnum, command.valueFloat === true));
  return ExitCode.Ok;
}
