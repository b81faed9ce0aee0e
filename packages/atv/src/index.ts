export { scan, scanIter, buildConfig, type ScanOptions } from "./scan.js";
export { connect, type ConnectOptions } from "./connect.js";
export { pair, type PairOptions } from "./pair.js";
export { supportedProtocols } from "./registry.js";
export * from "@atv/core";
