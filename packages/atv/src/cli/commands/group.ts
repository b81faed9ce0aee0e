/**
 * `atv --group ID,ID[,ID…] [-i ID set_volume=N] stream_file=PATH|URL|-`: one stream to several
 * devices together (multi-room RAOP). `set_volume` before `stream_file` sets the starting volume
 * of the members named by `-i` (all members without it); members that fail are reported on stderr
 * and the others keep playing.
 */
import type { GroupDevice } from "../../index.js";
import type { CommandLine } from "../command-line.js";
import type { CliContext } from "../context.js";
import { scanOptions, scanWithSpinner } from "../device.js";
import { CliError, ExitCode, deviceNotFound } from "../errors.js";

function volumeOf(line: CommandLine): number {
  const text = line.args[0]?.text;
  const value = Number(text);
  if (text === undefined || !Number.isFinite(value) || value < 0 || value > 100)
    throw new CliError(`set_volume needs a volume 0–100, got ${text ?? "nothing"}`);
  return value;
}

export async function runGroup(
  ctx: CliContext,
  group: readonly string[],
  lines: readonly CommandLine[],
): Promise<number> {
  const stream = lines.at(-1);
  if (!stream || stream.name !== "stream_file" || lines.slice(0, -1).some((l) => l.name !== "set_volume"))
    throw new CliError("--group runs set_volume=N (members chosen by -i) and then one stream_file=PATH");
  const source = stream.args[0]?.text;
  if (source === undefined) throw new CliError("stream_file needs a file, URL or - (stdin)");
  const volumes = new Map<string, number>();
  for (const line of lines.slice(0, -1)) {
    const targets = ctx.options.id ?? group;
    for (const id of targets) {
      if (!group.includes(id)) throw new CliError(`-i ${id} is not a member of --group`);
      volumes.set(id, volumeOf(line));
    }
  }
  const storage = await ctx.storage();
  const found = await scanWithSpinner(ctx, { ...scanOptions(ctx, storage, false), identifier: [...group] });
  const devices: GroupDevice[] = group.map((id) => {
    const config = found.find((c) => c.allIdentifiers.includes(id));
    if (!config) throw deviceNotFound(`Could not find any Apple TV with identifier ${id} on the network`);
    const volume = volumes.get(id);
    return { config, id, ...(volume === undefined ? {} : { volume }) };
  });
  const failed: string[] = [];
  let lastLine = -Infinity;
  await ctx.lib.streamGroup(devices, source === "-" ? ctx.io.stdin : source, {
    ...ctx.callOptions,
    onGroup: (g) => {
      g.on("memberFailed", (id, error) => {
        failed.push(id);
        ctx.warn(`${id}: ${error.message} (left the group)`);
      });
      g.on("progress", (p) => {
        if (ctx.json || p.position - lastLine < 10) return;
        lastLine = p.position;
        const total = p.duration === undefined ? "" : ` / ${p.duration.toFixed(1)} s`;
        ctx.warn(`streamed ${p.position.toFixed(1)} s${total} to ${p.members} device(s)`);
      });
    },
  });
  if (ctx.json) ctx.emit({ command: "stream_file", group: [...group], failed });
  return failed.length === group.length ? ExitCode.Error : ExitCode.Ok;
}
