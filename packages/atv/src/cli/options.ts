/**
 * Global flags (atvremote's, plus `--json`, `--scan-port` and `--storage`),
 * parsed without commander when the line is plain (./fast-options.ts), else with
 * commander, which is then loaded: help, usage errors and unusual syntax.
 */
import type { CommanderError } from "commander";
import { fastParseOptions, type FastParsers } from "./fast-options.js";
import type { CliIo } from "./io.js";
import { isProtocolName, passwordProtocols, protocolNames, type ProtocolName } from "./protocol-names.js";

export interface CliOptions {
  /** The commands (`scan`, `playing`, `set_volume=40` …), in order. */
  readonly commands: readonly string[];
  readonly scanHosts?: readonly string[];
  /** Unicast DNS-SD port. */
  readonly scanPort: number;
  /** Seconds, 1–99. */
  readonly scanTimeout: number;
  readonly scanProtocols?: readonly ProtocolName[];
  readonly id?: readonly string[];
  /** `--group`: stream to these devices together (multi-room). */
  readonly group?: readonly string[];
  readonly name?: string;
  readonly protocol?: ProtocolName;
  readonly manual: boolean;
  readonly address?: string;
  readonly port?: number;
  readonly serviceProperties?: Readonly<Record<string, string>>;
  /**
   * The PIN for pairing, as typed (leading zeros kept); `null` for `--pin none`
   * (atvremote: any PIN is accepted where the user types it on the device, DMAP).
   * Unset: 1234 where the user types it (atvremote's default), else asked for.
   */
  readonly pin?: string | null;
  readonly credentials: Readonly<Partial<Record<ProtocolName, string>>>;
  readonly passwords: Readonly<Partial<Record<ProtocolName, string>>>;
  readonly storage: "file" | "none";
  /** Undefined for the default file (~/.atv.conf). */
  readonly storageFilename?: string;
  readonly json: boolean;
  readonly debug: boolean;
  /** -v/--verbose: library logs on stderr (no stack traces). */
  readonly verbose: boolean;
  /** --mdns-debug: also the DNS-SD traffic logs. */
  readonly mdnsDebug: boolean;
  readonly remoteName?: string;
  /** DMAP pairing: the GUID this remote announces (16 hex digits); default random. */
  readonly pairingGuid?: string;
}

/** Thrown by {@link parseOptions} when it has already printed help, the version or a usage error. */
export class ParseExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/** argparse's code for a usage error, as atvremote exits. */
export const USAGE_EXIT_CODE = 2;

function usage(message: string): Error {
  return Object.assign(new Error(message), { usage: true });
}

function integer(min: number, max: number, what: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim())) throw usage(`${what} must be an integer, got "${value}"`);
    const n = Number.parseInt(value, 10);
    if (n < min || n > max) throw usage(`${what} must be ${min}–${max}, got ${n}`);
    return n;
  };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function parseHosts(value: string): string[] {
  const hosts = value.split(",").map((h) => h.trim());
  for (const host of hosts) if (!IPV4.test(host)) throw usage(`"${host}" is not an IPv4 address`);
  return hosts;
}

export function parseProtocol(value: string): ProtocolName {
  const name = value.trim().toLowerCase();
  if (!isProtocolName(name)) throw usage(`unknown protocol "${value}" (one of ${protocolNames.join(", ")})`);
  return name;
}

export function parseProtocolList(value: string): ProtocolName[] {
  return value.split(",").map(parseProtocol);
}

function parseIds(value: string): string[] {
  const ids = value
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  if (ids.length === 0) throw usage("--id needs at least one identifier");
  return ids;
}

/** atvremote's `-p/--pin`: digits, or `none` (any PIN, for DMAP; commander turns a null into "", so kept as text here). */
function parsePin(value: string): string {
  if (value.trim().toLowerCase() === "none") return "none";
  if (!/^\d{1,8}$/.test(value.trim())) throw usage(`--pin must be 1–8 digits or "none", got "${value}"`);
  return value.trim();
}

/**
 * pyatv's `--service-properties` syntax: the first character is the separator,
 * e.g. `;model=AppleTV6,2;name=Den`.
 */
export function parseServiceProperties(value: string): Record<string, string> {
  if (value.length < 2) throw usage("--service-properties needs a separator and key=value pairs");
  const separator = value[0] ?? ";";
  const out: Record<string, string> = {};
  for (const part of value.slice(1).split(separator)) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) throw usage(`--service-properties: "${part}" is not key=value`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** commander's `opts()`. */
export interface RawOptions {
  scanHosts?: string[];
  scanPort: number;
  scanTimeout: number;
  scanProtocols?: ProtocolName[];
  id?: string[];
  group?: string[];
  name?: string;
  protocol?: ProtocolName;
  manual?: boolean;
  address?: string;
  port?: number;
  serviceProperties?: Record<string, string>;
  pin?: string;
  storage: "file" | "none";
  storageFilename?: string;
  json?: boolean;
  output?: string;
  debug?: boolean;
  verbose?: boolean;
  mdnsDebug?: boolean;
  remoteName?: string;
  pairingGuid?: string;
  [flag: string]: unknown;
}

function parsePairingGuid(value: string): string {
  if (!/^(0x)?[0-9A-Fa-f]{16}$/.test(value))
    throw usage(`--pairing-guid must be 16 hex digits, got "${value}"`);
  return value.replace(/^0x/i, "").toUpperCase();
}

function isCommanderError(error: unknown): error is CommanderError {
  return (
    error instanceof Error &&
    typeof (error as Partial<CommanderError>).exitCode === "number" &&
    "code" in error
  );
}

export const fastParsers: FastParsers = {
  scanHosts: parseHosts,
  scanPort: integer(1, 65535, "--scan-port"),
  scanTimeout: integer(1, 99, "--scan-timeout"),
  scanProtocols: parseProtocolList,
  id: parseIds,
  protocol: parseProtocol,
  port: integer(1, 65535, "--port"),
  serviceProperties: parseServiceProperties,
  pin: parsePin,
  pairingGuid: parsePairingGuid,
};

/**
 * Parses `argv` (without node and the script). Prints help/version/usage errors
 * itself and then throws {@link ParseExit} with the exit code.
 */
export async function parseOptions(argv: readonly string[], io: CliIo): Promise<CliOptions> {
  const fast = fastParseOptions(argv, fastParsers);
  if (fast) return toCliOptions(fast.opts as RawOptions, fast.args);
  const { raw, args } = await parseWithCommander(argv, io);
  return toCliOptions(raw, args);
}

/** The same parse with commander: help, version, usage errors and every syntax commander takes. */
export async function parseWithCommander(
  argv: readonly string[],
  io: CliIo,
): Promise<{ raw: RawOptions; args: string[] }> {
  const { Command, Option } = await import("commander");
  const program = new Command("atv")
    .description("Find, pair with and control Apple TVs, HomePods and AirPlay receivers.")
    .usage("[options] <command[=arg,…]> [command …]")
    .argument(
      "[commands...]",
      "commands to run in order (see `atv commands`), e.g. scan, playing, set_volume=40",
    )
    .version(`atv ${io.version}`, "--version", "print the version")
    .helpOption("-h, --help", "show this help")
    .option(
      "-s, --scan-hosts <ip,ip>",
      "scan these hosts with unicast DNS-SD instead of multicast",
      parseHosts,
    )
    .option("--scan-port <port>", "unicast DNS-SD port", integer(1, 65535, "--scan-port"), 5353)
    .option("-t, --scan-timeout <seconds>", "scan timeout, 1–99", integer(1, 99, "--scan-timeout"), 3)
    .addOption(
      new Option(
        "--scan-protocols <p,p>",
        `only scan for these protocols (${protocolNames.join(", ")})`,
      ).argParser(parseProtocolList),
    )
    .option("-i, --id <id,id>", "device identifier(s)", parseIds)
    .option(
      "--group <id,id>",
      "stream_file to these devices together; set_volume applies to -i members",
      parseIds,
    )
    .option("-n, --name <name>", "device name")
    .addOption(
      new Option("--protocol <protocol>", "protocol to pair (and for --manual)").argParser(parseProtocol),
    )
    .option("-m, --manual", "do not scan: use --address, --port, --protocol and --id")
    .option("--address <address>", "device address (with --manual)")
    .option("--port <port>", "service port (with --manual)", integer(1, 65535, "--port"))
    .option(
      "--service-properties <Xk=vXk=v>",
      "TXT properties (with --manual), X is any separator",
      parseServiceProperties,
    )
    .option(
      "-p, --pin <pin>",
      "PIN for pairing: the one shown on the device (asked for when missing); where you type it on the device (DMAP) default 1234, none = any",
      parsePin,
    )
    .option("--remote-name <name>", "name this remote shows on the device when pairing")
    .option(
      "--pairing-guid <guid>",
      "DMAP pairing: our pairing GUID, 16 hex digits (default random)",
      parsePairingGuid,
    );
  for (const p of protocolNames) {
    program.option(
      `--${p}-credentials <credentials>`,
      `${p} credentials ("" removes them); saved to storage`,
    );
  }
  for (const p of passwordProtocols) {
    program.option(`--${p}-password <password>`, `${p} password ("" removes it); saved to storage`);
  }
  program
    .addOption(
      new Option("--storage <kind>", "where settings and credentials are kept")
        .choices(["file", "none"])
        .default("file"),
    )
    .option("--storage-filename <path>", "settings file (default ~/.atv.conf)")
    .option("--json", "one JSON object per line (atvscript's format)")
    .addOption(
      new Option("--output <format>", "output format, as atvscript (same as --json)").choices(["json"]),
    )
    .option("-v, --verbose", "log what the library does to stderr (DEBUG=atv:*)")
    .option("--debug", "log protocol traffic to stderr (DEBUG=atv:*) and print stack traces")
    .option("--mdns-debug", "also log DNS-SD (mDNS) traffic (DEBUG=atv:zeroconf*)");

  program.addHelpText(
    "after",
    `
Examples:
  atv scan                                  find devices (multicast DNS-SD)
  atv -s 127.0.0.1 --scan-port 5300 scan    ask one host by unicast DNS-SD
  atv -i ID --protocol mrp pair             pair (asks for the PIN on screen)
  atv -i ID playing                         what is playing
  atv -i ID play_pause set_volume=40        several commands, in order
  atv -i ID --json push_updates             JSON lines until stdin closes
  atv commands                              list every command
  atv help set_volume                       describe one command
  atv simulate --demo                       run a fake Apple TV (see atv simulate --help)
  atv --group ID,ID stream_file=song.mp3    the same audio to several AirPlay speakers, in sync
  atv serve --port 8080                     HTTP/WebSocket bridge and web remote (see README)

Exit codes: 0 ok, 1 error or unsupported command, 2 usage error (pair: device not found),
3 pairing failed, 130 interrupted.`,
  );

  program
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text),
    })
    .showSuggestionAfterError(true);

  try {
    program.parse([...argv], { from: "user" });
  } catch (error) {
    if (isCommanderError(error)) {
      const ok =
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help";
      throw new ParseExit(ok ? 0 : USAGE_EXIT_CODE);
    }
    if (error instanceof Error && (error as { usage?: unknown }).usage === true) {
      io.stderr.write(`error: ${error.message}\n`);
      throw new ParseExit(USAGE_EXIT_CODE);
    }
    throw error;
  }

  return { raw: program.opts<RawOptions>(), args: program.args };
}

/** commander's (or the fast path's) options as the CLI uses them. */
export function toCliOptions(raw: RawOptions, args: readonly string[]): CliOptions {
  const credentials: Partial<Record<ProtocolName, string>> = {};
  const passwords: Partial<Record<ProtocolName, string>> = {};
  for (const p of protocolNames) {
    const value = raw[`${p}Credentials`];
    if (typeof value === "string") credentials[p] = value;
  }
  for (const p of passwordProtocols) {
    const value = raw[`${p}Password`];
    if (typeof value === "string") passwords[p] = value;
  }
  const storageFilename = raw.storageFilename === "default" ? undefined : raw.storageFilename;
  return {
    commands: args,
    ...(raw.scanHosts ? { scanHosts: raw.scanHosts } : {}),
    scanPort: raw.scanPort,
    scanTimeout: raw.scanTimeout,
    ...(raw.scanProtocols ? { scanProtocols: raw.scanProtocols } : {}),
    ...(raw.id ? { id: raw.id } : {}),
    ...(raw.group ? { group: raw.group } : {}),
    ...(raw.name !== undefined ? { name: raw.name } : {}),
    ...(raw.protocol ? { protocol: raw.protocol } : {}),
    manual: raw.manual === true,
    ...(raw.address !== undefined ? { address: raw.address } : {}),
    ...(raw.port !== undefined ? { port: raw.port } : {}),
    ...(raw.serviceProperties ? { serviceProperties: raw.serviceProperties } : {}),
    ...(raw.pin !== undefined ? { pin: raw.pin === "none" ? null : raw.pin } : {}),
    credentials,
    passwords,
    storage: raw.storage,
    ...(storageFilename !== undefined ? { storageFilename } : {}),
    json: raw.json === true || raw.output === "json",
    debug: raw.debug === true,
    verbose: raw.verbose === true,
    mdnsDebug: raw.mdnsDebug === true,
    ...(raw.remoteName !== undefined ? { remoteName: raw.remoteName } : {}),
    ...(raw.pairingGuid !== undefined ? { pairingGuid: raw.pairingGuid } : {}),
  };
}
