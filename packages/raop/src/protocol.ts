/**
 * `@atv/raop/protocol`: the RAOP plug-in object alone, what `atv`'s scan() and connect() load,
 * without the device side (receiver) the package's index also holds. Both entries share one copy
 * of the client code.
 */
export { raopProtocol } from "./module.js";
