export { backoffDelay, type BackoffOptions } from "./backoff.js";
export type { ForwardedDeviceEvents } from "./device-events.js";
export {
  ConnectionState,
  ManagedAppleTV,
  connectManaged,
  type ManagedConnectOptions,
  type ManagedEvents,
  type ReconnectOptions,
  type ReconnectingInfo,
  type WaitOptions,
} from "./managed-apple-tv.js";
