import type { CommandArg } from "../command-line.js";
import { CliError } from "../errors.js";
import type { AtvLibrary } from "../library.js";
import type { ArgSpec, EnumName } from "./catalog.js";

function enumValue(lib: AtvLibrary, name: EnumName, arg: CommandArg, command: string, what: string): number {
  const members = lib[name] as Readonly<Record<string, number>>;
  if (typeof arg.value === "number" && Object.values(members).includes(arg.value)) return arg.value;
  const byName = Object.entries(members).find(([key]) => key.toLowerCase() === arg.text.trim().toLowerCase());
  if (byName) return byName[1];
  const allowed = Object.entries(members)
    .map(([key, value]) => `${value} (${key})`)
    .join(", ");
  throw new CliError(`${command}: ${what} must be one of ${allowed}, got "${arg.text}"`);
}

/**
 * Converts `cmd=a,b` arguments to what the member takes, checking count and
 * types: one entry per spec (undefined for an omitted optional one). Throws
 * CliError with a one-line reason.
 */
export function convertArgs(
  lib: AtvLibrary,
  specs: readonly ArgSpec[],
  args: readonly CommandArg[],
  command: string,
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  for (const spec of specs) {
    if (spec.type === "strings") {
      const rest = args.slice(i).map((a) => a.text.trim());
      if (rest.length === 0 || rest.every((r) => r === ""))
        throw new CliError(`${command}: missing ${spec.name}`);
      out.push(rest);
      i = args.length;
      continue;
    }
    const arg = args[i];
    i += 1;
    if (arg === undefined || (spec.optional && arg.text.trim() === "" && !arg.quoted)) {
      if (!spec.optional) throw new CliError(`${command}: missing argument ${spec.name}`);
      out.push(undefined);
      continue;
    }
    const type = spec.type;
    if (type === "string") {
      out.push(arg.text);
    } else if (type === "int") {
      if (typeof arg.value !== "number")
        throw new CliError(`${command}: ${spec.name} must be an integer, got "${arg.text}"`);
      out.push(arg.value);
    } else if (type === "number") {
      const n = typeof arg.value === "number" ? arg.value : Number(arg.text.trim());
      if (arg.text.trim() === "" || !Number.isFinite(n)) {
        throw new CliError(`${command}: ${spec.name} must be a number, got "${arg.text}"`);
      }
      out.push(n);
    } else {
      out.push(enumValue(lib, type.enum, arg, command, spec.name));
    }
  }
  if (i < args.length)
    throw new CliError(`${command}: takes at most ${specs.length} argument(s), got ${args.length}`);
  return out;
}
