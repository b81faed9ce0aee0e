import { defineConfig } from "tsup";
import { baseTsupConfig } from "../../tsup.config.base.js";

export default defineConfig({
  ...baseTsupConfig,
  // The protobuf-es runtime is inlined (only what MRP uses, one module instead of ~70 to
  // resolve and compile when connect() loads MRP); the types still come from the package.
  noExternal: ["@bufbuild/protobuf"],
});
