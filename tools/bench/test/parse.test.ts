import { describe, expect, it } from "vitest";
import { atvMetrics, headlineId, normalise } from "../src/atv-names.js";
import { inferBetter, median, mergeMetrics, parseBenchLines, parseMedianLines } from "../src/parse.js";
import { oneShotFromRusage } from "../src/suites.js";

describe("parseBenchLines", () => {
  it("reads BENCH lines among human output and ignores the rest", () => {
    const out = [
      "encrypted command round trip: p50 0.120 ms, p99 0.400 ms, n=5000",
      "BENCH\tmrp.rtt.command.p50\t0.12\tms\tlower",
      "BENCH\tmrp.push.updates\t51234.5\tupdates/s\thigher",
      "BENCH\tbroken\tNaN\tms\tlower",
      "BENCH\t\t1\tms\tlower",
      "BENCH\ttoo\tfew",
      "",
    ].join("\n");
    expect(parseBenchLines(out)).toEqual([
      { name: "mrp.rtt.command.p50", value: 0.12, unit: "ms", better: "lower" },
      { name: "mrp.push.updates", value: 51234.5, unit: "updates/s", better: "higher" },
    ]);
  });

  it("reads bare name<TAB>value<TAB>unit lines, inferring the direction from the unit", () => {
    const out = "cli.wall\t412.5\tms\r\ncli.rss\t71.2\tMiB\nrate\t900\tops/s\nnot\ta number\tms\n";
    expect(parseBenchLines(out, "atv.")).toEqual([
      { name: "atv.cli.wall", value: 412.5, unit: "ms", better: "lower" },
      { name: "atv.cli.rss", value: 71.2, unit: "MiB", better: "lower" },
      { name: "atv.rate", value: 900, unit: "ops/s", better: "higher" },
    ]);
  });

  it("falls back to the unit when a BENCH line's direction is garbled", () => {
    expect(parseBenchLines("BENCH\tx\t3\tpackets/s\tsideways")[0]?.better).toBe("higher");
  });
});

describe("inferBetter", () => {
  it.each([
    ["ms", "lower"],
    ["MiB", "lower"],
    ["ms/s", "lower"],
    ["%", "lower"],
    ["msg/s", "higher"],
    ["x realtime", "higher"],
  ] as const)("%s → %s", (unit, better) => expect(inferBetter(unit)).toBe(better));
});

describe("parseMedianLines (cli-startup.ts / cli-e2e.ts output)", () => {
  it("maps the labelled medians and skips unknown labels", () => {
    const out = [
      "cli: /x/dist/cli.js; 20 runs each; node v20.20.2",
      'node -e ""       median   38.1 ms   min 35.0 ms   max 41.0 ms',
      "atv --version    median  121.4 ms   min 110.2 ms   max 150.0 ms",
      "atv commands     median  300.0 ms   min 290.0 ms   max 310.0 ms",
      "scan+connect+playing   median  455.0 ms   min 420.0 ms   max 500.0 ms",
    ].join("\n");
    expect(
      parseMedianLines(out, {
        "atv --version": "atv.cli.cold-start",
        "scan+connect+playing": "atv.oneshot.wall",
      }),
    ).toEqual([
      { name: "atv.cli.cold-start", value: 121.4, unit: "ms", better: "lower" },
      { name: "atv.oneshot.wall", value: 455, unit: "ms", better: "lower" },
    ]);
  });
});

describe("oneShotFromRusage", () => {
  it("takes the medians of the `atv … playing` processes only", () => {
    const line = (argv: string[], userMs: number, systemMs: number, maxRssKiB: number): string =>
      JSON.stringify({ argv, userMs, systemMs, maxRssKiB });
    const log = [
      line(["/cli.js", "simulate", "--pin", "1234"], 9000, 100, 500_000),
      line(["/cli.js", "-s", "127.0.0.1", "playing"], 400, 50, 70 * 1024),
      line(["/cli.js", "-s", "127.0.0.1", "scan"], 100, 10, 60 * 1024),
      line(["/cli.js", "-s", "127.0.0.1", "playing"], 300, 40, 72 * 1024),
      line(["/cli.js", "-s", "127.0.0.1", "playing"], 500, 60, 74 * 1024),
      "",
    ].join("\n");
    expect(oneShotFromRusage(log)).toEqual([
      { name: "atv.oneshot.cpu.user", value: 400, unit: "ms", better: "lower" },
      { name: "atv.oneshot.cpu.total", value: 450, unit: "ms", better: "lower" },
      { name: "atv.oneshot.rss", value: 72, unit: "MiB", better: "lower" },
    ]);
    expect(oneShotFromRusage("")).toEqual([]);
  });
});

describe("the atv CLI report's names", () => {
  it("normalises times to ms and sizes to MiB", () => {
    expect(normalise(0.47, "s")).toEqual({ value: 470, unit: "ms" });
    expect(normalise(74752, "KiB")).toEqual({ value: 73, unit: "MiB" });
    expect(normalise(3, "ops/s")).toBeUndefined();
  });

  it.each([
    ["cli-startup.wall", "ms", "atv.cli.cold-start"],
    ["version.wall", "s", "atv.cli.cold-start"],
    ["playing.wall", "ms", "atv.oneshot.wall"],
    ["playing.cpu.user", "ms", "atv.oneshot.cpu.user"],
    ["e2e.cpu", "s", "atv.oneshot.cpu.total"],
    ["playing.rss", "KiB", "atv.oneshot.rss"],
    ["scan.wall", "ms", undefined],
    ["startup.rss", "MiB", undefined],
  ] as const)("%s (%s) → %s", (name, unit, id) => expect(headlineId(name, unit)).toBe(id));

  it("keeps every metric under atv.* and adds the headline ids once, converted", () => {
    const metrics = atvMetrics([
      { name: "playing.wall", value: 0.45, unit: "s", better: "lower" },
      { name: "playing.wall.min", value: 0.4, unit: "s", better: "lower" },
      { name: "playing.rss", value: 75_000, unit: "KiB", better: "lower" },
    ]);
    expect(metrics.map((m) => m.name)).toEqual([
      "atv.playing.wall",
      "atv.oneshot.wall",
      "atv.playing.wall.min",
      "atv.playing.rss",
      "atv.oneshot.rss",
    ]);
    expect(metrics.find((m) => m.name === "atv.oneshot.wall")?.value).toBeCloseTo(450);
  });
});

describe("helpers", () => {
  it("median and mergeMetrics", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    const a = { name: "a", value: 1, unit: "ms", better: "lower" } as const;
    expect(mergeMetrics([a], [{ ...a, value: 2 }])).toEqual([{ ...a, value: 2 }]);
  });
});
