/**
 * @atv/airplay: AirPlay client and receiver side: discovery, HAP/transient pairing, play_url, and the
 * fake receiver the simulator uses. The HTTP/RTSP layer is exported separately as `@atv/airplay/rtsp`.
 */
export const AIRPLAY_DEFAULT_PORT = 7000;

export { airplayProtocol, AIRPLAY_SERVICE_TYPE, airplayDeviceInfo, effectiveCredentials } from "./module.js";
export {
  AirPlayFeature,
  AirPlayStatusFlag,
  formatFeatures,
  hasFeature,
  isPasswordRequired,
  isRemoteControlSupported,
  pairingRequirement,
  parseFeatures,
  prefersTransient,
  protocolVersion,
  serviceFeatures,
  serviceFlags,
  supportsPlayUrl,
  updateServiceDetails,
  type AirPlayMajorVersion,
} from "./discovery.js";
export { AirPlayHttpError, ConnectionAuthorizationRequiredError } from "./errors.js";
export { AirPlayPairingHandler, type AirPlayPairingOptions, type LegacyPairing } from "./pairing/handler.js";
export { Hkp, opackName, postPairing } from "./pairing/http.js";
export { hapPairVerify, transientPairSetup, verifyConnection, type VerifyOptions } from "./pairing/verify.js";
export { playUrl, type PlayUrlOptions } from "./player.js";
export { AirPlayStream, type AirPlayStreamOptions } from "./stream.js";
export { AirPlayFeatures, AirPlaySetup, AIRPLAY_FEATURES, type AirPlaySetupOptions } from "./setup.js";
export { serveFile, type FileServer } from "./file-server.js";
export {
  startAirPlayServer,
  type AirPlayServer,
  type AirPlayServerOptions,
  type ExtraRoute,
} from "./server/receiver.js";
export {
  ReceiverState,
  type PlaybackPhase,
  type PlaybackState,
  type ReceiverIdentity,
  type RecordedRequest,
} from "./server/state.js";
export { legacyPairing, legacyVerify, LegacyReceiverAuth } from "./pairing/legacy.js";
export {
  LEGACY_PAIRING_HEADERS,
  LegacyPairingError,
  LegacyPairSetupClient,
  LegacyPairSetupServer,
  LegacyPairVerifyClient,
  LegacyPairVerifyServer,
  LegacyVerifyError,
  MalformedLegacyMessageError,
} from "./auth/legacy/index.js";
export {
  AUTH_SETUP_PATH,
  AuthSetupServer,
  authSetupRequestBody,
  parseAuthSetupResponse,
  requiresAuthSetup,
  type AuthSetupResponseInfo,
} from "./auth/auth-setup.js";
export { authSetupRoute, postAuthSetup } from "./auth/auth-setup-http.js";
export * from "./tunnel/index.js";
