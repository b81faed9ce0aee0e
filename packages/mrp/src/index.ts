export * from "./codec/index.js";
export {
  MrpConnection,
  type ConnectOptions,
  type ConnectionOptions,
  type FrameCipher,
  type MrpTransport,
  type TransportEvents,
} from "./connection.js";
export {
  ChannelTransport,
  MAX_CONSECUTIVE_BAD_MESSAGES,
  memoryChannelPair,
  type ChannelTransportOptions,
  type MrpFrameChannel,
  type MrpFrameChannelEvents,
  type MrpTransportFactory,
} from "./transport.js";
export {
  MrpSession,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  type RequestOptions,
  type SessionEvents,
  type SessionOptions,
} from "./session.js";
export { MrpClient, type MrpClientEvents, type MrpClientOptions } from "./client.js";
export { PlayerStateManager, PlayerState, ClientState } from "./player-state.js";
export * from "./server/index.js";
export { MrpPairingHandler, type MrpPairingOptions } from "./pairing.js";
export { MrpSetup, MrpCapabilities, type MrpSetupOptions } from "./setup.js";
export { MrpContext } from "./context.js";
export { mrpProtocol, MRP_SERVICE_TYPE, isDirectMrpBuild } from "./module.js";
export { VolumeState, type VolumeStateEvents } from "./volume-state.js";
export { MrpRemoteControl, DEFAULT_SKIP_SECONDS } from "./capabilities/remote-control.js";
export { MrpMetadata, ARTWORK_CACHE_SIZE } from "./capabilities/metadata.js";
export { MrpPushUpdater } from "./capabilities/push-updater.js";
export { MrpAudio, ABSOLUTE_VOLUME_STEP, outputDevicesOf } from "./capabilities/audio.js";
export { MrpPower, powerStateOf } from "./capabilities/power.js";
export { MrpFeatures, MRP_FEATURES } from "./capabilities/features.js";
export {
  buildPlaying,
  deviceStateOf,
  positionOf,
  APPLE_EPOCH_OFFSET_SECONDS,
} from "./capabilities/playing.js";
export { deviceInfoFromMessage, deviceInfoFromProperties } from "./capabilities/device-info.js";
export * as mrpProto from "./proto.js";
