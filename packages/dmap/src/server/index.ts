export { DmapServer, startDmapServer, DEFAULT_HSGID, type DmapServerOptions } from "./server.js";
export { DmapDeviceState, PlayStatus, type NowPlaying, type DmapDeviceStateEvents } from "./state.js";
export { DmapUseCases, type MediaOptions } from "./use-cases.js";
export { pairWithRemote, type RemoteToPair } from "./device-pairing.js";
