/** The MRP tunnel over AirPlay 2 (airplay.md §6, mrp.md §14): codec, keys, channels. */
export {
  DATA_STREAM_HEADER_BYTES,
  DEFAULT_MAX_DATA_STREAM_MESSAGE_BYTES,
  DEFAULT_MAX_MRP_FRAMES_PER_PAYLOAD,
  DataStreamDecoder,
  decodeMrpPayload,
  encodeDataStreamMessage,
  encodeMrpPayload,
  randomSeqno,
  replyFor,
  type DataStreamCommand,
  type DataStreamDecoderOptions,
  type DataStreamKind,
  type DataStreamMessage,
  type MrpPayloadLimits,
} from "./data-stream.js";
export {
  DATA_STREAM_CONTROL_TYPE,
  DATA_STREAM_TYPE,
  DEFAULT_TUNNEL_CLIENT_INFO,
  MEDIA_REMOTE_CLIENT_TYPE_UUID,
  dataStreamSetupBody,
  dataStreamSetupResponse,
  newDataStreamSeed,
  parseDataStreamSetupRequest,
  parseDataStreamSetupResponse,
  parseRemoteControlSetupRequest,
  parseRemoteControlSetupResponse,
  remoteControlSetupBody,
  remoteControlSetupResponse,
  seedFromPlist,
  type DataStreamSetup,
  type RemoteControlSetupRequest,
  type TunnelClientInfo,
} from "./setup-bodies.js";
export { dataStreamKeys, dataStreamSalt, eventChannelKeys, type TunnelRole } from "./keys.js";
export { DataStreamTooLargeError, MalformedDataStreamError, TunnelSetupError } from "./errors.js";
export { DataChannel, type DataChannelConnectOptions, type DataChannelOptions } from "./data-channel.js";
export { eventChannelReply, openEventChannel, type EventChannelOptions } from "./event-channel.js";
export { AirPlayTunnel, FEEDBACK_INTERVAL_MS, type AirPlayTunnelOptions } from "./client.js";
export { TunnelReceiver, type TunnelReceiverOptions } from "./receiver.js";
export { shouldTunnelMrp, tunnelledMrpSetup, type TunnelledMrpOptions } from "./mrp-setup.js";
