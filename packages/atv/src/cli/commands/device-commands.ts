/** atvremote's own device commands: artwork_save, device_info, features, delay. */
import { writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { ArtworkOptions } from "../../index.js";
import type { CommandLine } from "../command-line.js";
import type { CliContext } from "../context.js";
import { CliError, ExitCode } from "../errors.js";
import type { JsonObject } from "../json-output.js";
import { convertArgs } from "./arguments.js";

const EXTENSIONS: Readonly<Record<string, string>> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/jpg": "jpg",
};

export async function runArtworkSave(ctx: CliContext, line: CommandLine): Promise<number> {
  const [width, height, filename] = convertArgs(
    ctx.lib,
    [
      { name: "width", type: "int", optional: true },
      { name: "height", type: "int", optional: true },
      { name: "filename", type: "string", optional: true },
    ],
    line.args,
    "artwork_save",
  ) as [number | undefined, number | undefined, string | undefined];
  const atv = await ctx.device();
  // -1 lets the device choose (null keeps the aspect ratio).
  const options: ArtworkOptions = { ...ctx.callOptions };
  if (width !== undefined) options.width = width === -1 ? null : width;
  if (height !== undefined) options.height = height === -1 ? null : height;
  const artwork = await atv.metadata.artwork(options);
  if (!artwork) {
    if (ctx.json) ctx.emit({ artwork_save: null }, false, { exception: "No artwork is currently available" });
    else ctx.warn("No artwork is currently available.");
    return ExitCode.Error;
  }
  const path = `${filename ?? "artwork"}.${EXTENSIONS[artwork.mimetype.toLowerCase()] ?? "bin"}`;
  await writeFile(path, artwork.bytes);
  if (ctx.json) ctx.emit({ artwork_save: path, mimetype: artwork.mimetype, size: artwork.bytes.byteLength });
  else ctx.print(`Saved ${artwork.mimetype} artwork (${artwork.bytes.byteLength} bytes) to ${path}`);
  return ExitCode.Ok;
}

export async function runDeviceInfo(ctx: CliContext): Promise<number> {
  const { lib } = ctx;
  const atv = await ctx.device();
  const info = atv.deviceInfo;
  if (ctx.json) {
    ctx.emit({
      device_info: {
        mac: info.mac ?? null,
        model: lib.nameOf(lib.DeviceModel, info.model),
        model_str: info.modelStr,
        raw_model: info.rawModel ?? null,
        operating_system: lib.nameOf(lib.OperatingSystem, info.operatingSystem),
        version: info.version ?? null,
        build_number: info.buildNumber ?? null,
        output_device_id: info.outputDeviceId ?? null,
      },
    });
  } else {
    ctx.print(`Model/SW: ${info.toString()}`);
    ctx.print(`     MAC: ${info.mac ?? "None"}`);
  }
  return ExitCode.Ok;
}

export async function runFeatures(ctx: CliContext, line: CommandLine): Promise<number> {
  const { lib } = ctx;
  const which = line.args[0]?.text.trim();
  if (which !== undefined && which !== "all")
    throw new CliError(`features: unknown argument "${which}" (use features=all)`);
  const atv = await ctx.device();
  const features = atv.features.allFeatures(which === "all");
  if (ctx.json) {
    const out: JsonObject = {};
    for (const [name, info] of features)
      out[lib.nameOf(lib.FeatureName, name)] = lib.nameOf(lib.FeatureState, info.state).toLowerCase();
    ctx.emit({ features: out });
    return ExitCode.Ok;
  }
  ctx.print("Feature list:");
  ctx.print("-------------");
  for (const [name, info] of features) {
    const options = Object.entries(info.options).map(([k, v]) => `${k}=${String(v)}`);
    ctx.print(
      `${lib.nameOf(lib.FeatureName, name)}: ${lib.nameOf(lib.FeatureState, info.state)}` +
        (options.length > 0 ? `, Options=${options.join(", ")}` : ""),
    );
  }
  ctx.print();
  ctx.print("Legend:");
  ctx.print("-------");
  ctx.print("Available: Supported by device and usable now");
  ctx.print("Unavailable: Supported by device but not usable now");
  ctx.print("Unknown: Supported by the device but availability not known");
  ctx.print("Unsupported: Not supported by this device (or by atv)");
  return ExitCode.Ok;
}

export async function runDelay(ctx: CliContext, line: CommandLine): Promise<number> {
  const [ms] = convertArgs(ctx.lib, [{ name: "ms", type: "int" }], line.args, "delay") as [number];
  if (ms < 0) throw new CliError(`delay: ms must be ≥ 0, got ${ms}`);
  await sleep(ms, undefined, ctx.callOptions);
  if (ctx.json) ctx.emit({ command: "delay" });
  return ExitCode.Ok;
}
