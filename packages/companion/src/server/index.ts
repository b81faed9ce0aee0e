export { startCompanionServer, type CompanionServer, type CompanionServerOptions } from "./server.js";
export { CompanionUseCases, type Notify } from "./use-cases.js";
export {
  CompanionDeviceState,
  defaultCompanionIdentity,
  type CompanionIdentity,
  type ReceivedButton,
  type ReceivedMediaCommand,
  type ReceivedTouch,
} from "./state.js";
export { companionServiceProperties } from "./properties.js";
export type { Interceptor, InterceptAction } from "./device-connection.js";
export type { FixedPairingSecrets } from "./device-pairing.js";
