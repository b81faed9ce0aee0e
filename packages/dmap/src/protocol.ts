/**
 * `@atv/dmap/protocol`: the DMAP plug-in object alone, what `atv`'s scan() and connect() load,
 * without the device side (server, remote pairing responder) the package's index also holds. Both
 * entries share one copy of the client code.
 */
export { dmapProtocol } from "./module.js";
