/**
 * V8 settings for a short `atv` command (issue #15: peak memory of `atv … playing`).
 *
 * Most command lines end within a second. For those, V8's optimizing compiler costs more than it
 * gives: its first use pages in megabytes of Node's own code and working memory, and the
 * optimized code is hardly run before the process exits. The young generation also grows
 * (doubling) while the protocol modules load, memory the process never needs again. So the
 * command starts with the optimizing (TurboFan) and baseline (Sparkplug) compilers off and the
 * young generation kept at its initial size, and V8's defaults come back once it has run for
 * {@link ONE_SHOT_MS}: push updates, streaming, the interactive prompt and other commands that
 * keep running get the usual optimizations from then on. `simulate` and `serve` keep the
 * defaults from the start, and so does a process whose V8 flags the user set (NODE_OPTIONS or
 * node's own arguments mentioning any of these settings).
 *
 * bench/report.ts measures the effect (playing.rss, playing.wall); V8 reads these flags when it
 * decides, so setting them at run time takes effect (unlike --max-semi-space-size).
 */

/** How long a command may run before it counts as long-running and V8's defaults return. */
export const ONE_SHOT_MS = 1000;

/** Flags for the first {@link ONE_SHOT_MS}, and the V8 defaults that replace them. */
export const ONE_SHOT_FLAGS = ["--no-opt", "--no-sparkplug", "--semi-space-growth-factor=1"] as const;
export const DEFAULT_FLAGS = ["--opt", "--sparkplug", "--semi-space-growth-factor=2"] as const;

/** Commands that run until stopped: V8's defaults from the start. */
const LONG_RUNNING_COMMANDS = new Set(["simulate", "serve"]);

/** Flag names that mean the user tuned V8 themselves (then atv leaves it alone). */
const USER_TUNED = /--(no-)?(opt|turbofan|sparkplug|maglev|jitless)\b|semi[-_]space/;

export interface V8TuningEnv {
  readonly argv: readonly string[];
  readonly execArgv: readonly string[];
  readonly nodeOptions: string | undefined;
  readonly setFlags: (flags: string) => void;
  /** Runs `restore` after `ms` without keeping the process alive. */
  readonly later: (restore: () => void, ms: number) => void;
}

/** Whether this command line gets the one-shot settings (see the module comment). */
export function wantsOneShotTuning(env: Pick<V8TuningEnv, "argv" | "execArgv" | "nodeOptions">): boolean {
  if (LONG_RUNNING_COMMANDS.has(env.argv[0] ?? "")) return false;
  const userFlags = [...env.execArgv, env.nodeOptions ?? ""].join(" ");
  return !USER_TUNED.test(userFlags);
}

/** Applies the one-shot settings when they fit, and schedules V8's defaults to return. */
export function tuneV8ForOneShot(env: V8TuningEnv): boolean {
  if (!wantsOneShotTuning(env)) return false;
  env.setFlags(ONE_SHOT_FLAGS.join(" "));
  env.later(() => env.setFlags(DEFAULT_FLAGS.join(" ")), ONE_SHOT_MS);
  return true;
}
