/** print_settings, change_setting=path,value, unset_setting=path, remove_settings. */
import type { Settings } from "../../index.js";
import type { CommandLine } from "../command-line.js";
import type { CliContext } from "../context.js";
import { CliError, ExitCode } from "../errors.js";
import type { JsonObject } from "../json-output.js";

async function deviceSettings(ctx: CliContext): Promise<Settings> {
  const config = await ctx.config();
  const storage = await ctx.storage();
  return storage.getSettings(config, ctx.callOptions);
}

function textArg(line: CommandLine, index: number, what: string): string {
  const arg = line.args[index];
  if (arg === undefined || arg.text.trim() === "") throw new CliError(`${line.name}: missing ${what}`);
  return arg.text.trim();
}

export async function runPrintSettings(ctx: CliContext): Promise<number> {
  const { lib } = ctx;
  const entries = lib.listSettingPaths(await deviceSettings(ctx));
  if (ctx.json) {
    const out: JsonObject = {};
    for (const e of entries) out[e.path] = e.value;
    ctx.emit({ settings: out });
  } else {
    for (const e of entries) ctx.print(lib.formatSettingPathEntry(e));
  }
  return ExitCode.Ok;
}

export async function runChangeSetting(ctx: CliContext, line: CommandLine): Promise<number> {
  const path = textArg(line, 0, "setting path");
  if (line.args.length < 2) throw new CliError("change_setting: missing value (change_setting=path,value)");
  // The value is everything after the path, as typed (commas included).
  const value = line.args
    .slice(1)
    .map((a) => a.text)
    .join(",");
  ctx.lib.setSettingPath(await deviceSettings(ctx), path, value);
  if (ctx.json) ctx.emit({ command: "change_setting", path });
  return ExitCode.Ok;
}

export async function runUnsetSetting(ctx: CliContext, line: CommandLine): Promise<number> {
  const path = textArg(line, 0, "setting path");
  if (line.args.length > 1) throw new CliError("unset_setting: takes one setting path");
  ctx.lib.unsetSettingPath(await deviceSettings(ctx), path);
  if (ctx.json) ctx.emit({ command: "unset_setting", path });
  return ExitCode.Ok;
}

export async function runRemoveSettings(ctx: CliContext): Promise<number> {
  const settings = await deviceSettings(ctx);
  const storage = await ctx.storage();
  const removed = await storage.removeSettings(settings, ctx.callOptions);
  if (ctx.json) ctx.emit({ command: "remove_settings", removed });
  else ctx.print(removed ? "Removed settings for this device" : "No settings stored for this device");
  return ExitCode.Ok;
}
