import { defineConfig } from "tsup";
import { baseTsupConfig } from "../../tsup.config.base.js";

export default defineConfig({
  ...baseTsupConfig,
  // `@atv/mrp/protocol` is what atv's connect() loads: the client side without the device side
  // (server, simulator state; ~20 % of the code to compile). Split, so both entries share one
  // copy of the client code.
  entry: { index: "src/index.ts", protocol: "src/protocol.ts" },
  splitting: true,
  // The protobuf-es runtime is inlined (only what MRP uses, one module instead of ~70 to
  // resolve and compile when connect() loads MRP); the types still come from the package.
  noExternal: ["@bufbuild/protobuf"],
  // Whitespace and comments out (names kept, so stack traces still read), non-ASCII escaped: an
  // ASCII source is decoded and scanned as one-byte text. 331 → 236 KB per format, ~2 ms less to
  // import on a 50 ms median (issue 15; the sources ship in src/ for reading).
  minifyWhitespace: true,
  esbuildOptions(options) {
    options.charset = "ascii";
  },
});
