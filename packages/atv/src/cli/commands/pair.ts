/** `pair` and `wizard`: pairing flows on top of the library's PairingHandler. */
import type { AppleTVConfig, Protocol } from "../../index.js";
import type { CliContext } from "../context.js";
import { applySecretFlags, scanOptions, scanWithSpinner, toProtocol } from "../device.js";
import { CliError, ExitCode, deviceNotFound } from "../errors.js";
import { isAbort, messageOf } from "./report.js";

export type PairOutcome = { ok: true; credentials: string | undefined } | { ok: false; reason: string };

/** PIN atvremote uses when the user types a PIN on the device (DMAP). */
const DEFAULT_DEVICE_PIN = "1234";

/**
 * begin → PIN (--pin, else asked for on stdin) → finish. Errors from pairing
 * itself become a failed outcome; errors before it (no such service, protocol not
 * implemented) are thrown.
 */
export async function pairService(
  ctx: CliContext,
  config: AppleTVConfig,
  protocol: Protocol,
): Promise<PairOutcome> {
  const { lib, options } = ctx;
  const storage = await ctx.storage();
  const handler = await lib.pair(config, protocol, {
    storage,
    ...(options.remoteName !== undefined ? { name: options.remoteName } : {}),
    ...(options.pairingGuid !== undefined ? { pairingGuid: options.pairingGuid } : {}),
    ...ctx.callOptions,
  });
  try {
    await handler.begin(ctx.callOptions);
    if (handler.deviceProvidesPin) {
      // The device shows the PIN (MRP, Companion, AirPlay): -p gives it, else it is asked for;
      // atvremote's 1234 default does not apply here.
      const pin = options.pin ?? (await ctx.prompt("Enter PIN on screen: "));
      if (pin === undefined || pin === "") return { ok: false, reason: "no PIN was entered" };
      handler.pin(pin);
    } else {
      // The user types the PIN on the device (DMAP): atvremote's -p, default 1234,
      // `none` = the device may send any PIN.
      const pin = options.pin === undefined ? DEFAULT_DEVICE_PIN : options.pin;
      if (pin !== null) handler.pin(pin);
      const name = options.remoteName ?? "atv";
      const line =
        pin === null
          ? `Use any pin to pair with "${name}" (press ENTER to stop)`
          : `Use pin ${pin} to pair with "${name}" (press ENTER to stop)`;
      if (ctx.json) ctx.io.stderr.write(`${line}\n`);
      else ctx.print(line);
      await ctx.lines.readLine(ctx.signal);
    }
    await handler.finish(ctx.callOptions);
    if (!handler.hasPaired) return { ok: false, reason: "the device did not complete pairing" };
    return { ok: true, credentials: handler.service.credentials };
  } catch (error) {
    if (isAbort(error, ctx.signal)) throw error;
    return { ok: false, reason: messageOf(error) };
  } finally {
    await handler.close();
  }
}

export async function runPair(ctx: CliContext): Promise<number> {
  const { lib, options } = ctx;
  if (options.protocol === undefined)
    throw new CliError("No protocol specified (use --protocol, e.g. --protocol mrp)");
  let config: AppleTVConfig;
  try {
    config = await ctx.config();
  } catch (error) {
    if (error instanceof CliError && error.jsonError === "device_not_found") {
      throw new CliError(error.message, ExitCode.DeviceNotFound, "device_not_found");
    }
    throw error;
  }
  const protocol = toProtocol(lib, options.protocol);
  const outcome = await pairService(ctx, config, protocol);
  if (!outcome.ok) {
    if (ctx.json) ctx.emit({ protocol: options.protocol }, false, { exception: outcome.reason });
    else {
      ctx.print("Pairing failed!");
      ctx.warn(`Pairing failed: ${outcome.reason}`);
    }
    return ExitCode.PairingFailed;
  }
  if (ctx.json) {
    ctx.emit({ protocol: options.protocol, credentials: outcome.credentials ?? null });
  } else {
    ctx.print("Pairing seems to have succeeded, yey!");
    ctx.print(`You may now use these credentials: ${outcome.credentials ?? "None"}`);
  }
  return ExitCode.Ok;
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

async function chooseDevice(ctx: CliContext, devices: readonly AppleTVConfig[]): Promise<AppleTVConfig> {
  ctx.print("Found the following devices:");
  const rows = [
    ["", "Name", "Model", "Address"],
    ...devices.map((d, i) => [`${i + 1}:`, d.name, d.deviceInfo.modelStr, d.address]),
  ];
  for (const row of table(rows)) ctx.print(`  ${row}`);
  const answer = await ctx.prompt("Enter index of device to set up: ");
  if (answer === undefined || answer === "") throw new CliError("No device chosen");
  const index = /^\d+$/.test(answer) ? Number.parseInt(answer, 10) : NaN;
  const chosen = devices[index - 1];
  if (!chosen) throw new CliError(`Invalid index "${answer}" (1–${devices.length})`);
  return chosen;
}

/**
 * scan → choose by index → passwords → pair every service whose pairing is
 * Mandatory or Optional and that has no credentials → connect → what is playing.
 */
export async function runWizard(ctx: CliContext): Promise<number> {
  const { lib } = ctx;
  if (ctx.json) throw new CliError("wizard is interactive and has no JSON output");
  const storage = await ctx.storage();
  ctx.print("Looking for devices...");
  const found = await scanWithSpinner(ctx, scanOptions(ctx, storage, true));
  const name = ctx.options.name;
  const devices = name === undefined ? found : found.filter((d) => d.name === name);
  if (devices.length === 0) throw deviceNotFound("No devices found");
  const config = await chooseDevice(ctx, devices);
  ctx.useConfig(config);
  await applySecretFlags(ctx, config, storage);

  for (const service of config.services) {
    if (!service.requiresPassword || service.password) continue;
    const protocolName = lib.nameOf(lib.Protocol, service.protocol);
    const password = await ctx.prompt(`Enter password for ${protocolName}: `);
    if (password) {
      service.password = password;
      await storage.updateSettings(config, ctx.callOptions);
    }
  }

  const wanted: readonly number[] = [lib.PairingRequirement.Mandatory, lib.PairingRequirement.Optional];
  for (const service of config.services) {
    if (!wanted.includes(service.pairing) || service.credentials) continue;
    const protocolName = lib.nameOf(lib.Protocol, service.protocol);
    ctx.print(`Starting to pair ${protocolName}`);
    let outcome: PairOutcome;
    try {
      outcome = await pairService(ctx, config, service.protocol);
    } catch (error) {
      if (isAbort(error, ctx.signal)) throw error;
      ctx.print(`Skipping ${protocolName}: ${messageOf(error)}`);
      continue;
    }
    if (!outcome.ok) {
      ctx.warn(`Failed to pair ${protocolName}: ${outcome.reason}`);
      return ExitCode.PairingFailed;
    }
    ctx.print(`Successfully paired ${protocolName}, moving on...`);
  }

  ctx.print(`Connecting to ${config.name} (${config.address})`);
  const atv = await ctx.device();
  const playing = await atv.metadata.playing(ctx.callOptions);
  ctx.print("Currently playing:");
  ctx.print(playing.toString());
  ctx.print();
  ctx.print("Device is now set up!");
  return ExitCode.Ok;
}
