import { defineConfig } from "tsup";
import { baseTsupConfig } from "../../tsup.config.base.js";

export default defineConfig({
  ...baseTsupConfig,
  // `@atv/airplay/rtsp` is the HTTP/RTSP layer RAOP reuses without the rest of AirPlay;
  // `@atv/airplay/protocol` the plug-in and client helpers, without the device side.
  entry: { index: "src/index.ts", rtsp: "src/rtsp.ts", protocol: "src/protocol.ts" },
  splitting: true,
});
