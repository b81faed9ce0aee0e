import { defineConfig } from "tsup";
import { baseTsupConfig } from "../../tsup.config.base.js";

export default defineConfig({
  ...baseTsupConfig,
  // Protocol packages stay external; the library loads them lazily by dynamic import.
  entry: { index: "src/index.ts", cli: "src/cli.ts", simulator: "src/simulator/index.ts" },
  // Split chunks so `atv --version` does not load the simulator's imports (core, mrp, zeroconf).
  splitting: true,
});
