import { describe, expect, it } from "vitest";
import {
  DEFAULT_FLAGS,
  ONE_SHOT_FLAGS,
  ONE_SHOT_MS,
  tuneV8ForOneShot,
  wantsOneShotTuning,
  type V8TuningEnv,
} from "../../src/cli/v8-tuning.js";

function run(argv: string[], execArgv: string[] = [], nodeOptions?: string) {
  const set: string[] = [];
  const scheduled: { restore: () => void; ms: number }[] = [];
  const env: V8TuningEnv = {
    argv,
    execArgv,
    nodeOptions,
    setFlags: (flags) => set.push(flags),
    later: (restore, ms) => scheduled.push({ restore, ms }),
  };
  const tuned = tuneV8ForOneShot(env);
  return { tuned, set, scheduled };
}

describe("V8 tuning of a one-shot command", () => {
  it("turns the optimizing compilers and young-generation growth off, then back on", () => {
    const { tuned, set, scheduled } = run(["--json", "-s", "127.0.0.1", "--id", "X", "playing"]);
    expect(tuned).toBe(true);
    expect(set).toEqual([ONE_SHOT_FLAGS.join(" ")]);
    expect(scheduled.map((s) => s.ms)).toEqual([ONE_SHOT_MS]);
    scheduled[0]!.restore();
    expect(set).toEqual([ONE_SHOT_FLAGS.join(" "), DEFAULT_FLAGS.join(" ")]);
  });

  it("restores exactly the flags it changed, to V8's defaults", () => {
    const names = (flags: readonly string[]) =>
      flags.map((f) => f.replace(/^--(no-)?/, "").replace(/=.*/, ""));
    expect(names(DEFAULT_FLAGS)).toEqual(names(ONE_SHOT_FLAGS));
    expect(DEFAULT_FLAGS).toContain("--semi-space-growth-factor=2");
  });

  it("leaves simulate and serve with V8's defaults", () => {
    expect(run(["simulate", "--pin", "1234"])).toEqual({ tuned: false, set: [], scheduled: [] });
    expect(run(["serve"])).toEqual({ tuned: false, set: [], scheduled: [] });
  });

  it("leaves V8 alone when the user set such flags", () => {
    expect(
      wantsOneShotTuning({ argv: ["scan"], execArgv: ["--max-semi-space-size=4"], nodeOptions: undefined }),
    ).toBe(false);
    expect(wantsOneShotTuning({ argv: ["scan"], execArgv: [], nodeOptions: "--no-opt" })).toBe(false);
    const tuned = (execArgv: string[], nodeOptions = ""): boolean =>
      wantsOneShotTuning({ argv: ["scan"], execArgv, nodeOptions });
    expect(tuned(["--max_semi_space_size=2"])).toBe(false);
    expect(tuned(["--no-turbofan"])).toBe(false);
    expect(tuned(["--enable-source-maps"])).toBe(true);
    expect(tuned([], "--require ./options.js")).toBe(true);
  });
});
