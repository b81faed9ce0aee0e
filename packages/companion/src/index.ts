export * from "./codec/index.js";
export {
  CompanionConnection,
  type ConnectionEvents,
  type ConnectionOptions,
  type ConnectOptions,
  type FrameCipher,
} from "./connection.js";
export {
  CompanionSession,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type RequestOptions,
  type SessionEvents,
  type SessionOptions,
} from "./session.js";
export {
  CompanionClient,
  parseHapCredentials,
  type CompanionClientEvents,
  type CompanionClientOptions,
} from "./client.js";
export { CompanionPairSetup, companionCipher, pairVerify } from "./auth.js";
export { CompanionPairingHandler, type CompanionPairingOptions } from "./pairing.js";
export { CompanionRequestError } from "./errors.js";
export { CompanionContext } from "./context.js";
export {
  CompanionSetup,
  CompanionCapabilities,
  companionDeviceInfo,
  type CompanionSetupOptions,
} from "./setup.js";
export {
  companionProtocol,
  companionPairingRequirement,
  COMPANION_SERVICE_TYPE,
  PAIRING_DISABLED_MASK,
  PAIRING_WITH_PIN_SUPPORTED_MASK,
} from "./module.js";
export { CompanionApps, CompanionUserAccounts, isUrlOrScheme } from "./capabilities/apps.js";
export { CompanionAudio, VOLUME_UPDATE_TIMEOUT_MS } from "./capabilities/audio.js";
export { CompanionFeatures, COMPANION_FEATURES } from "./capabilities/features.js";
export { CompanionKeyboard } from "./capabilities/keyboard.js";
export { CompanionPower, powerStateOf } from "./capabilities/power.js";
export { CompanionRemoteControl, DEFAULT_SKIP_SECONDS } from "./capabilities/remote-control.js";
export { CompanionTouch, TOUCH_INTERVAL_MS } from "./capabilities/touch.js";
export { HOLD_MS } from "./capabilities/hid.js";
export * from "./server/index.js";
