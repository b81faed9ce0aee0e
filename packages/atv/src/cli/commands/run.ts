/** Runs command tokens in order: every name is checked first, then each runs until one fails. */
import { parseCommandLine, type CommandLine } from "../command-line.js";
import type { CliContext } from "../context.js";
import { ExitCode, unsupportedCommand } from "../errors.js";
import { builtins } from "./builtins.js";
import { apiCommands } from "./catalog.js";
import { runArtworkSave, runDelay, runDeviceInfo, runFeatures } from "./device-commands.js";
import { runApiCommand } from "./execute.js";
import { runGroup } from "./group.js";
import { runCommands, runHelp, runScan } from "./global.js";
import { runInteractive } from "./interactive.js";
import { runPair, runWizard } from "./pair.js";
import { runPushUpdates } from "./push-updates.js";
import { reportError } from "./report.js";
import { runChangeSetting, runPrintSettings, runRemoveSettings, runUnsetSetting } from "./settings.js";

type Handler = (ctx: CliContext, line: CommandLine) => Promise<number> | number;

const handlers: Readonly<Record<string, Handler>> = {
  commands: (ctx) => runCommands(ctx),
  help: runHelp,
  scan: (ctx) => runScan(ctx),
  pair: (ctx) => runPair(ctx),
  wizard: (ctx) => runWizard(ctx),
  delay: runDelay,
  cli: (ctx) => runInteractive(ctx, runTokens),
  push_updates: (ctx) => runPushUpdates(ctx),
  artwork_save: runArtworkSave,
  device_info: (ctx) => runDeviceInfo(ctx),
  features: runFeatures,
  print_settings: (ctx) => runPrintSettings(ctx),
  change_setting: runChangeSetting,
  unset_setting: runUnsetSetting,
  remove_settings: (ctx) => runRemoveSettings(ctx),
};

/** True if `name` is a command atv knows. */
export function isKnownCommand(name: string): boolean {
  return name in handlers || apiCommands.has(name);
}

/**
 * Parses tokens into command lines. `help x` and `features all` take the next
 * token as their argument (as atvremote does). Throws for syntax errors and
 * unknown commands, before anything runs.
 */
export function planCommands(tokens: readonly string[]): CommandLine[] {
  const lines: CommandLine[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? "";
    let line = parseCommandLine(token);
    const next = tokens[i + 1];
    if (line.args.length === 0 && next !== undefined) {
      if (line.name === "help" || (line.name === "features" && next === "all")) {
        line = { ...line, args: [{ text: next, value: next, quoted: false }] };
        i += 1;
      }
    }
    if (line.name === "simulate")
      throw unsupportedCommand("simulate must come first: atv simulate [options]");
    if (!isKnownCommand(line.name))
      throw unsupportedCommand(`Unknown command: ${line.name} (see atv commands)`);
    lines.push(line);
  }
  return lines;
}

/** Runs one parsed command line. */
export function runLine(ctx: CliContext, line: CommandLine): Promise<number> | number {
  const handler = handlers[line.name];
  if (handler) return handler(ctx, line);
  const api = apiCommands.get(line.name);
  if (!api) throw unsupportedCommand(`Unknown command: ${line.name}`);
  return runApiCommand(ctx, api, line);
}

/** Runs tokens in order; stops at the first that fails and returns its exit code. */
export async function runTokens(ctx: CliContext, tokens: readonly string[]): Promise<number> {
  let lines: CommandLine[];
  try {
    lines = planCommands(tokens);
  } catch (error) {
    return reportError(ctx, error);
  }
  const group = ctx.options.group;
  if (group) {
    try {
      return await runGroup(ctx, group, lines);
    } catch (error) {
      return reportError(ctx, error, "stream_file");
    }
  }
  for (const line of lines) {
    let code: number;
    try {
      code = await runLine(ctx, line);
    } catch (error) {
      code = reportError(ctx, error, line.name);
    }
    if (code !== ExitCode.Ok) return code;
  }
  return ExitCode.Ok;
}

export { builtins };
