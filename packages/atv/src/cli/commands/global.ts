/** `commands`, `help` and `scan`: the global commands that need no device. */
import type { CommandLine } from "../command-line.js";
import type { CliContext } from "../context.js";
import { scanOptions, scanWithSpinner } from "../device.js";
import { CliError, ExitCode, unsupportedCommand } from "../errors.js";
import { scanDeviceJson } from "../json-output.js";
import { builtinList, builtins, type BuiltinGroup } from "./builtins.js";
import { apiCommandList, apiCommands, signature, targetTitles, type Target } from "./catalog.js";

function printGroup(ctx: CliContext, title: string, entries: readonly (readonly [string, string])[]): void {
  ctx.print(`${title} commands:`);
  for (const [name, help] of [...entries].sort(([a], [b]) => a.localeCompare(b)))
    ctx.print(` - ${name} - ${help}`);
  ctx.print();
}

export function runCommands(ctx: CliContext): number {
  const targets = Object.keys(targetTitles) as Target[];
  const groups: BuiltinGroup[] = ["Device", "Settings", "Global"];
  if (ctx.json) {
    const all: Record<string, string[]> = {};
    for (const t of targets)
      all[targetTitles[t]] = apiCommandList.filter((c) => c.target === t).map((c) => c.name);
    for (const g of groups) all[g] = builtinList.filter((b) => b.group === g).map((b) => b.name);
    ctx.emit({ commands: all });
    return ExitCode.Ok;
  }
  for (const t of targets) {
    printGroup(
      ctx,
      targetTitles[t],
      apiCommandList.filter((c) => c.target === t).map((c) => [c.name, c.help] as const),
    );
  }
  for (const g of groups) {
    printGroup(
      ctx,
      g,
      builtinList.filter((b) => b.group === g).map((b) => [b.name, b.help] as const),
    );
  }
  return ExitCode.Ok;
}

export function runHelp(ctx: CliContext, line: CommandLine): number {
  const name = line.args[0]?.text.trim();
  if (name === undefined || name === "")
    throw new CliError("Which command do you want help with? (atv help <command>)");
  const api = apiCommands.get(name);
  const builtin = builtins.get(name);
  if (!api && !builtin) throw unsupportedCommand(`Unknown command: ${name}`);
  const usage = api
    ? signature(api.name, api.args) + (api.kind === "property" ? " (property)" : "")
    : (builtin?.usage ?? name);
  const help = api?.help ?? builtin?.help ?? "";
  if (ctx.json) {
    ctx.emit({ command: name, usage, help });
  } else {
    ctx.print(`COMMAND:\n>> ${usage}\n\nHELP:\n${help}`);
  }
  return ExitCode.Ok;
}

export async function runScan(ctx: CliContext): Promise<number> {
  const storage = await ctx.storage();
  // atvremote's scan passes --id to the scan (it filters); atvscript's scan honours only -s.
  const devices = await scanWithSpinner(ctx, scanOptions(ctx, storage, !ctx.json));
  if (ctx.json) {
    ctx.emit({ devices: devices.map((d) => scanDeviceJson(ctx.lib, d)) });
    return ExitCode.Ok;
  }
  ctx.print("Scan Results");
  ctx.print("=".repeat(40));
  if (devices.length === 0) ctx.print("No devices found");
  for (const device of devices) {
    ctx.print(device.toString());
    ctx.print();
  }
  return ExitCode.Ok;
}
