import { defineConfig } from "tsup";
import { baseTsupConfig, lazyRequireBanner } from "../../tsup.config.base.js";

export default defineConfig({
  ...baseTsupConfig,
  // `debug` (CommonJS, five files and a failed lookup of the optional supports-color) is
  // inlined: one module to load instead of Node's CommonJS loader and export scan at import.
  // Its optional supports-color stays the installer's choice, looked up at run time as before.
  noExternal: ["debug", "ms"],
  external: ["supports-color"],
  // The inlined CommonJS requires Node built-ins (tty, util); an ES module has no `require`.
  banner: ({ format }) => (format === "esm" ? { js: lazyRequireBanner } : {}),
});
