/** `cli`: an interactive `atv>` prompt; each line holds one or more commands. */
import { splitInteractiveLine } from "../command-line.js";
import type { CliContext } from "../context.js";
import { ExitCode } from "../errors.js";

/** Runs command tokens and returns the exit code of the last failing one (0 if none failed). */
export type TokenRunner = (ctx: CliContext, tokens: readonly string[]) => Promise<number>;

export async function runInteractive(ctx: CliContext, run: TokenRunner): Promise<number> {
  // Connect first so the prompt only appears once the device is reachable.
  await ctx.device();
  const promptOut = ctx.json ? ctx.io.stderr : ctx.io.stdout;
  if (!ctx.json) {
    ctx.print("Enter commands and press enter");
    ctx.print("Type help for help and exit to quit");
  }
  for (;;) {
    promptOut.write("atv> ");
    const line = await ctx.lines.readLine(ctx.signal);
    if (line === undefined) {
      if (!ctx.json) ctx.print();
      return ExitCode.Ok;
    }
    const tokens = splitInteractiveLine(line);
    if (tokens.length === 0) continue;
    if (tokens[0] === "exit" || tokens[0] === "quit") return ExitCode.Ok;
    if (tokens.includes("cli")) {
      ctx.warn("Command not available here");
      continue;
    }
    if (tokens.length === 1 && tokens[0] === "help") {
      ctx.print(
        "Type commands as on the command line, e.g. play_pause or set_volume=40; `commands` lists them all.",
      );
      ctx.print("`help <command>` describes one command; exit quits.");
      continue;
    }
    // A failing command is reported and the prompt continues.
    await run(ctx, tokens);
  }
}
