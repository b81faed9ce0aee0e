/**
 * `@atv/companion/protocol`: the Companion plug-in object alone, what `atv`'s scan() and
 * connect() load, without the device side (server, simulator state) the package's index also
 * holds. Both entries share one copy of the client code.
 */
export { companionProtocol } from "./module.js";
