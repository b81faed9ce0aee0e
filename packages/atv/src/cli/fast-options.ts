/**
 * The common command line without commander: known flags, each once or more, values
 * as the next argument or after `=`, and command tokens. Anything else (help, an
 * unknown or combined flag, a bad value, `--`) returns undefined and the caller parses
 * the line with commander, which prints exactly what it always printed. So this only
 * decides the easy lines faster; test/cli/fast-options.test.ts checks that it decides
 * them as commander does.
 */
import { passwordProtocols, protocolNames } from "./protocol-names.js";

/** How a flag's text becomes its value; throws on a bad value (commander then reports it). */
export type FlagParser = (value: string) => unknown;

interface FlagSpec {
  /** commander's key in `opts()`: the long name in camelCase. */
  readonly key: string;
  /** undefined for a boolean flag. */
  readonly parse?: FlagParser;
}

export interface FastParsers {
  readonly scanHosts: FlagParser;
  readonly scanPort: FlagParser;
  readonly scanTimeout: FlagParser;
  readonly scanProtocols: FlagParser;
  readonly id: FlagParser;
  readonly protocol: FlagParser;
  readonly port: FlagParser;
  readonly serviceProperties: FlagParser;
  readonly pin: FlagParser;
  readonly pairingGuid: FlagParser;
}

const text: FlagParser = (value) => value;

function choice(...choices: string[]): FlagParser {
  return (value) => {
    if (!choices.includes(value)) throw new RangeError(`not one of ${choices.join(", ")}`);
    return value;
  };
}

function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function flagTable(p: FastParsers): Map<string, FlagSpec> {
  const flags = new Map<string, FlagSpec>();
  const add = (long: string, short: string | undefined, parse?: FlagParser): void => {
    const spec: FlagSpec = parse ? { key: camelCase(long), parse } : { key: camelCase(long) };
    flags.set(`--${long}`, spec);
    if (short !== undefined) flags.set(`-${short}`, spec);
  };
  add("scan-hosts", "s", p.scanHosts);
  add("scan-port", undefined, p.scanPort);
  add("scan-timeout", "t", p.scanTimeout);
  add("scan-protocols", undefined, p.scanProtocols);
  add("id", "i", p.id);
  add("name", "n", text);
  add("protocol", undefined, p.protocol);
  add("manual", "m");
  add("address", undefined, text);
  add("port", undefined, p.port);
  add("service-properties", undefined, p.serviceProperties);
  add("pin", "p", p.pin);
  add("remote-name", undefined, text);
  add("pairing-guid", undefined, p.pairingGuid);
  for (const name of protocolNames) add(`${name}-credentials`, undefined, text);
  for (const name of passwordProtocols) add(`${name}-password`, undefined, text);
  add("storage", undefined, choice("file", "none"));
  add("storage-filename", undefined, text);
  add("json", undefined);
  add("output", undefined, choice("json"));
  add("verbose", "v");
  add("debug", undefined);
  add("mdns-debug", undefined);
  return flags;
}

export interface FastParseResult {
  /** What commander's `opts()` would hold (defaults included). */
  readonly opts: Record<string, unknown>;
  /** What commander's `args` would hold: the command tokens, in order. */
  readonly args: string[];
}

/** Parses `argv` as commander would, or returns undefined when commander has to. */
export function fastParseOptions(argv: readonly string[], parsers: FastParsers): FastParseResult | undefined {
  const flags = flagTable(parsers);
  const opts: Record<string, unknown> = { scanPort: 5353, scanTimeout: 3, storage: "file" };
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("-")) {
      args.push(arg);
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const spec = flags.get(name);
    if (!spec) return undefined;
    if (!spec.parse) {
      if (eq >= 0) return undefined;
      opts[spec.key] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i += 1;
    }
    // A missing value, or one that looks like a flag: commander's call.
    if (value === undefined || value.startsWith("-")) return undefined;
    try {
      opts[spec.key] = spec.parse(value);
    } catch {
      return undefined;
    }
  }
  return { opts, args };
}
