/**
 * Runs a CLI command by name on a device: the same names, arguments (the CLI's catalog and
 * argument conversion) and --json results as `atv --json <command>=<args>`.
 */
import * as lib from "../index.js";
import type { AppleTV } from "../index.js";
import type { CommandArg } from "../cli/command-line.js";
import { convertArgs } from "../cli/commands/arguments.js";
import { apiCommands } from "../cli/commands/catalog.js";
import { commandJson, invokeCommand } from "../cli/commands/execute.js";
import type { JsonObject } from "../cli/json-output.js";
import { HttpFailure } from "./errors.js";

/** A JSON argument as the CLI's parser would have produced it: numbers stay numbers, strings stay text. */
function toCommandArg(value: unknown, index: number): CommandArg {
  if (typeof value === "number" && Number.isFinite(value))
    return { text: String(value), value, quoted: false };
  if (typeof value === "string") return { text: value, value, quoted: true };
  throw new HttpFailure(400, "BAD_REQUEST", `args[${index}] must be a string or a number`);
}

/** Command names the API accepts (the CLI's API commands, without stdin-only forms). */
export function commandNames(): string[] {
  return [...apiCommands.keys()];
}

/** Checks the command and its arguments before any connection is needed; returns the converted arguments. */
export function prepareCommand(name: string, args: unknown): { convert: () => unknown[] } {
  const command = apiCommands.get(name);
  if (!command) throw new HttpFailure(404, "UNKNOWN_COMMAND", `unknown command: ${name}`);
  if (args !== undefined && !Array.isArray(args))
    throw new HttpFailure(400, "BAD_REQUEST", '"args" must be an array');
  const parsed = (args ?? []).map(toCommandArg);
  const converted = convertArgs(lib, command.args, parsed, command.name);
  if (command.name === "stream_file" && converted[0] === "-")
    throw new HttpFailure(400, "BAD_REQUEST", "stream_file cannot read the bridge's standard input");
  return { convert: () => [...converted] };
}

/** Runs `name` with JSON `args` and returns atvscript's values object (without result/datetime). */
export async function runCommand(
  atv: AppleTV,
  name: string,
  args: unknown,
  signal: AbortSignal,
): Promise<JsonObject> {
  const command = apiCommands.get(name);
  const converted = prepareCommand(name, args).convert();
  if (!command) throw new HttpFailure(404, "UNKNOWN_COMMAND", `unknown command: ${name}`);
  const callOptions = { signal };
  const callArgs = command.callArgs ? command.callArgs(converted, callOptions) : [...converted, callOptions];
  const unsupported = (message: string) => new HttpFailure(501, "UNSUPPORTED_COMMAND", message);
  return commandJson(lib, atv, command, await invokeCommand(atv, command, callArgs, unsupported));
}
