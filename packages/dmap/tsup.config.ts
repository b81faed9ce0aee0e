import { defineConfig } from "tsup";
import { baseTsupConfig } from "../../tsup.config.base.js";

export default defineConfig({
  ...baseTsupConfig,
  // `@atv/dmap/protocol` is what atv's scan() and connect() load: the client side without the
  // device side. Split, so both entries share one copy of the client code.
  entry: { index: "src/index.ts", protocol: "src/protocol.ts" },
  splitting: true,
});
