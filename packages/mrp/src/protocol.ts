/**
 * `@atv/mrp/protocol`: the MRP plug-in object alone, what `atv`'s connect() and scan() load. The
 * package's index also holds the device side (server, simulator state) and every helper; this
 * entry shares the client code with it (one chunk, one copy of each class) without loading those.
 */
export { mrpProtocol } from "./module.js";
// What @atv/airplay's MRP tunnel builds on.
export { ChannelTransport } from "./transport.js";
export { MrpSetup } from "./setup.js";
