export { startSimulator, SIMULATOR_MODEL, SIMULATOR_INTERNAL_NAME, SIMULATOR_BUILD } from "./simulator.js";
export type { Simulator, SimulatorInfo, SimulatorOptions } from "./simulator.js";
export {
  SIMULATOR_PROFILES,
  DEFAULT_PROFILE,
  isProfileName,
  type MrpMode,
  type SimulatorProfile,
  type SimulatorProfileName,
} from "./profiles.js";
