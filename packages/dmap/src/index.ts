export * from "./codec/index.js";
export {
  DmapHttpClient,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_BODY_TIMEOUT_MS,
  isNetworkError,
  type HttpClientOptions,
  type HttpRequestOptions,
  type HttpResponse,
} from "./http/client.js";
export {
  DmapSession,
  DMAP_HEADERS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type DmapSessionOptions,
  type SessionRequestOptions,
} from "./session.js";
export { parseLoginId, loginParameter, type LoginId } from "./credentials.js";
export { DmapAppleTV, touchStep, PLAYSTATUS_COMMAND, CONTROL_PROMPT_COMMAND } from "./apple-tv.js";
export { buildPlaying, mediaKindOf, playStateOf, msToSeconds } from "./playing.js";
export { DmapContext } from "./context.js";
export { DmapRemoteControl, ARROW_GESTURES, DEFAULT_SKIP_SECONDS } from "./capabilities/remote-control.js";
export { DmapMetadata, ARTWORK_CACHE_SIZE, DEFAULT_ARTWORK_WIDTH } from "./capabilities/metadata.js";
export { DmapPushUpdater, type DmapPushUpdaterOptions } from "./capabilities/push-updater.js";
export { DmapAudio } from "./capabilities/audio.js";
export { DmapFeatures, DMAP_FEATURES } from "./capabilities/features.js";
export { DmapSetup, DmapCapabilities, type DmapSetupOptions } from "./setup.js";
export {
  DmapPairingHandler,
  TOUCH_REMOTE_SERVICE_TYPE,
  privateIPv4Addresses,
  type DmapPairingOptions,
} from "./pairing.js";
export {
  pairingCode,
  pairingResponse,
  randomPairingGuid,
  normalizePairingGuid,
  remoteInstanceName,
} from "./pairing-code.js";
export {
  dmapProtocol,
  dmapUniqueId,
  TOUCH_ABLE_SERVICE_TYPE,
  HOME_SHARING_SERVICE_TYPE,
  HSCP_SERVICE_TYPE,
} from "./module.js";
export * from "./server/index.js";
