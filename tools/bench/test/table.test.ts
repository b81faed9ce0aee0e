import { describe, expect, it } from "vitest";
import { parseArgs } from "../src/args.js";
import { RECORDED_OURS_BEFORE, RECORDED_PYATV } from "../src/reference.js";
import { SUITES, selectSuites } from "../src/suites.js";
import { formatValue, renderTable } from "../src/table.js";

describe("renderTable", () => {
  it("puts ours next to the recorded pyatv and pre-work numbers, marked as recorded", () => {
    const lines = renderTable(
      [
        { name: "atv.oneshot.wall", value: 401.23, unit: "ms", better: "lower" },
        { name: "atv.oneshot.rss", value: 70.5, unit: "MiB", better: "lower" },
        { name: "zeroconf.browse.p50", value: 1.234, unit: "ms", better: "lower" },
      ],
      RECORDED_PYATV,
      RECORDED_OURS_BEFORE,
    );
    const wall = lines.find((l) => l.startsWith("one-shot scan+connect+playing, wall"));
    expect(wall?.split(/\s{2,}/)).toEqual([
      "one-shot scan+connect+playing, wall",
      "401",
      "730 *",
      "470 *",
      "ms",
    ]);
    const rss = lines.find((l) => l.startsWith("one-shot scan+connect+playing, peak RSS"));
    expect(rss?.split(/\s{2,}/)).toEqual([
      "one-shot scan+connect+playing, peak RSS",
      "70.5",
      "68.0 *",
      "73.0 *",
      "MiB",
    ]);
    expect(lines).toContain("* recorded (issue #15), not measured");
    expect(lines.some((l) => l.startsWith("zeroconf.browse.p50") && l.includes("1.23"))).toBe(true);
    expect(lines.find((l) => l.startsWith("CLI cold start"))?.split(/\s{2,}/)).toEqual([
      "CLI cold start (atv --version)",
      "—",
      "—",
      "—",
    ]);
  });

  it("shows a measured reference without the recorded mark and says where it came from", () => {
    const lines = renderTable(
      [{ name: "atv.cli.cold-start", value: 120, unit: "ms", better: "lower" }],
      [{ name: "atv.cli.cold-start", value: 610, unit: "ms", source: "measured", label: "measured: test" }],
      [],
    );
    expect(lines.find((l) => l.startsWith("CLI cold start"))?.split(/\s{2,}/)).toEqual([
      "CLI cold start (atv --version)",
      "120",
      "610",
      "—",
      "ms",
    ]);
    expect(lines).toContain("pyatv: measured: test");
    expect(lines).not.toContain("* recorded (issue #15), not measured");
  });

  it("formats values by magnitude", () => {
    expect(formatValue(123456.7)).toBe("123,457");
    expect(formatValue(0.01234)).toBe("0.0123");
    expect(formatValue(undefined)).toBe("—");
  });
});

describe("arguments and suite selection", () => {
  it("parses --only (comma lists, repeated, inline), --quick and --out", () => {
    expect(parseArgs(["--only", "raop,mrp", "--only=hap", "--quick", "--out", "x.json"])).toEqual({
      only: ["raop", "mrp", "hap"],
      quick: true,
      out: "x.json",
      help: false,
    });
    expect(() => parseArgs(["--bogus"])).toThrow(RangeError);
    expect(() => parseArgs(["--only"])).toThrow(RangeError);
  });

  it("selects by id or alias, keeps the run order and refuses unknown names", () => {
    expect(selectSuites(["raop", "mrp"]).map((s) => s.id)).toEqual(["mrp", "raop"]);
    expect(selectSuites(["hap", "cli"]).map((s) => s.id)).toEqual(["hap-crypto", "atv"]);
    expect(selectSuites(undefined)).toHaveLength(SUITES.length);
    expect(() => selectSuites(["nope"])).toThrow(/unknown suite/);
  });
});
