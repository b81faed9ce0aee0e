/**
 * Compiles the bench's measured child scripts (TypeScript) to plain ES modules in `bench/.out/`, so
 * the measured processes run with plain `node`: no TypeScript loader whose module-hook thread (with
 * its own V8 heap and memory-reducer GCs) would be counted in `process.cpuUsage()`. `@atv/raop` stays
 * an import, so the scripts load the built package (dist) as users do.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "tsup";

const here = dirname(fileURLToPath(import.meta.url));

/** Compiles `bench/<name>.ts` for each name; resolves with the path of each `.mjs` by name. */
export async function compileBenchScripts<N extends string>(names: readonly N[]): Promise<Record<N, string>> {
  const outDir = join(here, ".out");
  await build({
    entry: Object.fromEntries(names.map((n) => [n, join(here, `${n}.ts`)])),
    outDir,
    format: ["esm"],
    platform: "node",
    target: "node20",
    external: ["@atv/raop"],
    outExtension: () => ({ js: ".mjs" }),
    config: false,
    dts: false,
    sourcemap: false,
    splitting: false,
    clean: false,
    silent: true,
  });
  return Object.fromEntries(names.map((n) => [n, join(outDir, `${n}.mjs`)])) as Record<N, string>;
}
