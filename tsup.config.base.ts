import type { Options } from "tsup";

/** Shared tsup options: ESM + CJS + .d.ts from src/index.ts. Packages spread this. */
export const baseTsupConfig: Options = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  // Declarations are built against the dependencies' published .d.ts, not their sources.
  // Each package's build then runs tools/dts-stubs.mjs: the ESM .d.ts entries re-export their
  // identical .d.cts twins instead of repeating them (half the declaration bytes installed).
  dts: { compilerOptions: { customConditions: [] } },
  // No source maps in the published dist: they were 2.1 MB of every install (issue 15); the
  // sources ship in src/ and tests run against them.
  sourcemap: false,
  clean: true,
  target: "node20",
  platform: "node",
  splitting: false,
  treeshake: true,
  outDir: "dist",
};

/**
 * `require` for an ES module bundle whose inlined CommonJS code (debug, bplist-creator) calls it
 * for Node built-ins. Made on the first call: `createRequire` is ~4 ms of a cold import (Node's
 * CommonJS loader starting up, issue 15), for code that mostly never runs (debug loads only when
 * DEBUG is set). esbuild's require shim only calls it (`require.apply`).
 */
export const lazyRequireBanner =
  'import { createRequire as __atvCreateRequire } from "node:module"; let __atvRequire; const require = (id) => (__atvRequire ??= __atvCreateRequire(import.meta.url))(id);';
