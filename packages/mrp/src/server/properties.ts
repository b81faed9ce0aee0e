import type { MrpDeviceState } from "./state.js";

/**
 * The TXT record an Apple TV (tvOS 14) publishes for `_mediaremotetv._tcp`:
 * the scanner reads `UniqueIdentifier` (the service identifier), `Name`,
 * `SystemBuildVersion` (tvOS ≥ 15 builds disable the service), `macAddress`
 * and `AllowPairing`.
 */
export function mrpServiceProperties(state: MrpDeviceState): Record<string, string> {
  const id = state.identity;
  return {
    ModelName: "Apple TV",
    AllowPairing: "YES",
    macAddress: id.macAddress,
    Name: id.name,
    UniqueIdentifier: id.uniqueIdentifier,
    SystemBuildVersion: id.systemBuildVersion,
    LocalAirPlayReceiverPairingIdentity: id.pairingId,
  };
}
