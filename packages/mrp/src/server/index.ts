export { startMrpServer, defaultIdentity, type MrpServer, type MrpServerOptions } from "./server.js";
export {
  MrpUseCases,
  DEFAULT_APP,
  type NowPlayingOptions,
  type ArtworkOptions,
  type Broadcast,
} from "./use-cases.js";
export {
  MrpDeviceState,
  DEFAULT_PLAYER_ID,
  ALL_COMMANDS,
  type DeviceIdentity,
  type FakePlayer,
  type FakeMetadata,
  type FakeArtwork,
  type FakeCommandInfo,
  type FakeOutputDevice,
  type ButtonPress,
  type ReceivedCommand,
} from "./state.js";
export { mrpServiceProperties } from "./properties.js";
export type { Interceptor, InterceptAction } from "./device-connection.js";
