/** Runs one API command (`play`, `volume`, `set_volume=40`, `title` …) on the connected device. */
import type { AppleTV } from "../../index.js";
import type { CommandLine } from "../command-line.js";
import type { CliContext } from "../context.js";
import { ExitCode, unsupportedCommand } from "../errors.js";
import { formatValue, jsonValue } from "../format.js";
import { playingJson } from "../json-output.js";
import { convertArgs } from "./arguments.js";
import type { ApiCommand, Target } from "./catalog.js";

async function resolveTarget(atv: AppleTV, target: Target): Promise<object> {
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
  const { lib } = ctx;
  try {
    return atv.features.inState(lib.FeatureState.Available, lib.FeatureName.App)
      ? atv.metadata.app
      : undefined;
  } catch {
    return undefined;
  }
}

export async function runApiCommand(
  ctx: CliContext,
  command: ApiCommand,
  line: CommandLine,
): Promise<number> {
  const { lib } = ctx;
  const converted = convertArgs(lib, command.args, line.args, command.name);
  if (command.name === "stream_file" && converted[0] === "-") converted[0] = ctx.io.stdin;
  const args = command.callArgs
    ? command.callArgs(converted, ctx.callOptions)
    : [...converted, ctx.callOptions];

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
