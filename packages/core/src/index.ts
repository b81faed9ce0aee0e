export * from "./errors.js";
export { isLeafError, rethrowAsCore, toCoreError } from "./leaf-errors.js";
export * from "./enums.js";
export { FeatureName, featureDescriptions } from "./feature-name.js";
export { TypedEmitter, iterateEmitter, type EventMap } from "./events.js";
export { Playing, playingFieldNames, type PlayingFields } from "./playing.js";
export {
  App,
  UserAccount,
  featureInfo,
  type ArtworkInfo,
  type FeatureInfo,
  type MediaMetadata,
  type OutputDevice,
} from "./values.js";
export {
  interfaceNames,
  type Apps,
  type ArtworkOptions,
  type Audio,
  type AudioEvents,
  type CallOptions,
  type DeviceEvents,
  type Features,
  type InterfaceName,
  type InterfaceTypes,
  type Keyboard,
  type KeyboardEvents,
  type Metadata,
  type Power,
  type PowerEvents,
  type PowerOptions,
  type PushUpdater,
  type PushUpdaterEvents,
  type RemoteControl,
  type Stream,
  type StreamFileOptions,
  type StreamFileProgress,
  type TouchGestures,
  type UserAccounts,
} from "./interfaces.js";
export { FeaturesBase } from "./features-base.js";
export { abortReason, untilState, type UntilStateOptions } from "./until-state.js";
export { PushUpdaterBase, playingUpdates } from "./push-updater-base.js";
export { formatPin, type PairingHandler } from "./pairing.js";
export { PinPairingHandler, type PinPairingOptions } from "./pin-pairing.js";
export { createLogger, hexPreview, type Logger } from "./logger.js";
export * from "./config/index.js";
export type {
  DeviceInfoFields,
  PairOptions,
  ProtocolCore,
  ProtocolEvents,
  ProtocolInterfaces,
  ProtocolModule,
  ProtocolSetup,
  ScannedService,
  ServiceContext,
  ServiceRecord,
} from "./protocol-module.js";
export * from "./facade/index.js";
export * from "./settings/index.js";
export * from "./storage/index.js";
export * from "./device-info/index.js";
export * from "./transport/index.js";
