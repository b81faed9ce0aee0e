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
