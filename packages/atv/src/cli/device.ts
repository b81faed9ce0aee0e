/**
 * Finding the device a command line names: a scan filtered by --id/--name (or a
 * hand-built config with --manual), then the credential and password flags applied
 * and saved to storage.
 */
import type { AppleTVConfig, Protocol, ScanOptions, Storage } from "../index.js";
import type { CliContext } from "./context.js";
import { CliError, deviceNotFound } from "./errors.js";
import type { AtvLibrary } from "./library.js";
import { passwordProtocols, protocolEnumKeys, protocolNames, type ProtocolName } from "./protocol-names.js";
import { startSpinner } from "./spinner.js";

export function toProtocol(lib: AtvLibrary, name: ProtocolName): Protocol {
  return lib.Protocol[protocolEnumKeys[name]];
}

/** Scan options from the global flags (`--id` filters unless `--name` is given, as in atvremote). */
export function scanOptions(ctx: CliContext, storage: Storage, filterById: boolean): ScanOptions {
  const { options, lib } = ctx;
  return {
    timeout: options.scanTimeout,
    storage,
    ...(options.scanHosts ? { hosts: options.scanHosts, port: options.scanPort } : {}),
    ...(options.scanProtocols ? { protocol: options.scanProtocols.map((p) => toProtocol(lib, p)) } : {}),
    ...(filterById && options.id && options.name === undefined ? { identifier: options.id } : {}),
    // atvscript scans for a device with protocol=--protocol (atvremote uses --protocol only to pair).
    ...(filterById && ctx.json && options.protocol && !options.scanProtocols
      ? { protocol: [toProtocol(lib, options.protocol)] }
      : {}),
    ...ctx.callOptions,
  };
}

/** Runs a scan with a spinner on stderr (human output on a terminal only). */
export async function scanWithSpinner(ctx: CliContext, options: ScanOptions): Promise<AppleTVConfig[]> {
  const stop =
    ctx.json || ctx.options.debug ? () => undefined : startSpinner(ctx.io.stderr, "Scanning for devices…");
  try {
    return await ctx.lib.scan(options);
  } finally {
    stop();
  }
}

function manualConfig(ctx: CliContext): AppleTVConfig {
  const { options, lib } = ctx;
  if (options.address === undefined || options.port === undefined || options.protocol === undefined) {
    throw new CliError("You must specify --address, --port and --protocol in manual mode");
  }
  const identifier = options.id?.[0];
  if (identifier === undefined) throw new CliError("Manual mode needs the device identifier (--id)");
  const config = new lib.AppleTVConfig({ address: options.address, name: options.name ?? options.address });
  config.addService(
    new lib.ManualService(
      identifier,
      toProtocol(lib, options.protocol),
      options.port,
      options.serviceProperties,
    ),
  );
  return config;
}

/** Describes the --id/--name filter for "not found" messages. */
function criteria(ctx: CliContext): string {
  const { options } = ctx;
  if (options.name !== undefined) return ` named "${options.name}"`;
  if (options.id) return ` with identifier ${options.id.join(" or ")}`;
  return "";
}

/**
 * Applies `--<protocol>-credentials` and `--<protocol>-password` to the config and
 * writes them to storage; "" removes a stored value.
 */
export async function applySecretFlags(
  ctx: CliContext,
  config: AppleTVConfig,
  storage: Storage,
): Promise<void> {
  const { options, lib } = ctx;
  const removals: string[] = [];
  let changed = false;
  const apply = (name: ProtocolName, field: "credentials" | "password", value: string | undefined): void => {
    if (value === undefined) return;
    const service = config.getService(toProtocol(lib, name));
    if (!service) {
      ctx.warn(`Ignoring --${name}-${field}: ${config.name} has no ${name} service`);
      return;
    }
    changed = true;
    if (value === "") {
      service[field] = undefined;
      removals.push(`protocols.${name}.${field}`);
    } else {
      service[field] = value;
    }
  };
  for (const name of protocolNames) apply(name, "credentials", options.credentials[name]);
  for (const name of passwordProtocols) apply(name, "password", options.passwords[name]);
  if (!changed) return;
  await storage.updateSettings(config, ctx.callOptions);
  if (removals.length > 0) {
    const settings = await storage.getSettings(config, ctx.callOptions);
    for (const path of removals) lib.unsetSettingPath(settings, path);
  }
}

/** The one device the flags name; CliError (device_not_found) when there is none or several. */
export async function findDevice(ctx: CliContext): Promise<AppleTVConfig> {
  const storage = await ctx.storage();
  let config: AppleTVConfig;
  if (ctx.options.manual) {
    config = manualConfig(ctx);
    config.apply(await storage.getSettings(config, ctx.callOptions));
  } else {
    const found = await scanWithSpinner(ctx, scanOptions(ctx, storage, true));
    const name = ctx.options.name;
    const devices = name === undefined ? found : found.filter((d) => d.name === name);
    if (found.length === 0)
      throw deviceNotFound(`Could not find any Apple TV${criteria(ctx)} on the network`);
    const first = devices[0];
    if (first === undefined)
      throw deviceNotFound(`Could not find any Apple TV${criteria(ctx)} on the network`);
    // atvscript takes the first device; atvremote refuses to guess.
    if (devices.length > 1 && !ctx.json) {
      ctx.warn("Found more than one Apple TV; specify one using --id:");
      for (const d of devices) ctx.warn(`  ${d.name} (${d.address}): ${d.identifier ?? "no identifier"}`);
      throw deviceNotFound("More than one device found");
    }
    config = first;
  }
  await applySecretFlags(ctx, config, storage);
  return config;
}
