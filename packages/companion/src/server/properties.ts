import type { CompanionDeviceState } from "./state.js";

/** The TXT record of `_companion-link._tcp` as an Apple TV sends it (zeroconf.md). */
export function companionServiceProperties(state: CompanionDeviceState): Record<string, string> {
  const id = state.identity;
  return {
    rpMac: "0",
    rpHN: id.homeKitId,
    rpFl: `0x${id.flags.toString(16).toUpperCase()}`,
    rpHA: id.homeKitId,
    rpMd: id.model,
    rpVr: id.rapportVersion,
    rpAD: id.homeKitId,
    rpHI: id.homeKitId,
    rpBA: id.bluetoothAddress,
    rpMRtID: id.mediaRouteId,
  };
}
