export { startSimulator, SIMULATOR_MODEL, SIMULATOR_INTERNAL_NAME, SIMULATOR_BUILD } from "./simulator.js";
export type { Simulator, SimulatorInfo, SimulatorOptions } from "./simulator.js";
export { startAppleTV3Simulator, APPLETV3_MODEL, APPLETV3_INTERNAL_NAME } from "./appletv3.js";
export type { AppleTV3Simulator, AppleTV3SimulatorInfo, AppleTV3SimulatorOptions } from "./appletv3.js";
export {
  SIMULATOR_PROFILES,
  DEFAULT_PROFILE,
  isProfileName,
  type MrpMode,
  type SimulatorProfile,
  type SimulatorProfileName,
} from "./profiles.js";
