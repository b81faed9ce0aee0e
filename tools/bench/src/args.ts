/** Command-line options of `pnpm bench`. */
export interface BenchArgs {
  readonly only: readonly string[] | undefined;
  readonly quick: boolean;
  readonly out: string | undefined;
  readonly help: boolean;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  let only: string[] | undefined;
  let quick = process.env["ATV_BENCH_QUICK"] === "1";
  let out: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new RangeError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--":
        break;
      case "--only":
        only = [...(only ?? []), ...value().split(",")];
        break;
      case "--quick":
        quick = true;
        break;
      case "--out":
        out = value();
        break;
      case "-h":
      case "--help":
        help = true;
        break;
      default:
        throw new RangeError(`unknown option ${arg}`);
    }
  }
  return { only, quick, out, help };
}

export const USAGE = `pnpm bench [--only raop,mrp] [--quick] [--out file]
  Runs every package's bench report (hap-crypto, zeroconf, mrp, companion, airplay, raop, dmap, atv),
  prints ours next to the pyatv reference and writes bench/results.json.
pnpm bench:compare [old.json]
  Compares bench/results.json with old.json (default: bench/baseline.json, else git HEAD's results);
  prints a WARNING per metric more than 20 % worse. Always exits 0.`;
