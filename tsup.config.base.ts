import type { Options } from "tsup";

/** Shared tsup options: ESM + CJS + .d.ts from src/index.ts. Packages spread this. */
export const baseTsupConfig: Options = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  // Declarations are built against the dependencies' published .d.ts, not their sources.
  dts: { compilerOptions: { customConditions: [] } },
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "node",
  splitting: false,
  treeshake: true,
  outDir: "dist",
};
