/**
 * What pyatv decides from an AirPlay service's TXT record (airplay.md §1): the 64-bit feature
 * bits, status flags, AirPlay 1 vs 2, default credentials, pairing requirement and password.
 */
import { AirPlayVersion, PairingRequirement, type BaseService } from "@atv/core";

/** Feature bits of `features` / `ft` (airplay.md §1; names from pyatv). */
export const AirPlayFeature = {
  SupportsAirPlayVideoV1: 0n,
  SupportsAirPlayPhoto: 1n,
  SupportsAirPlaySlideShow: 5n,
  SupportsAirPlayScreen: 7n,
  SupportsAirPlayAudio: 9n,
  AudioRedundant: 11n,
  Authentication_4: 14n,
  MetadataFeatures_0: 15n,
  MetadataFeatures_1: 16n,
  MetadataFeatures_2: 17n,
  AudioFormats_0: 18n,
  AudioFormats_1: 19n,
  AudioFormats_2: 20n,
  AudioFormats_3: 21n,
  Authentication_1: 23n,
  Authentication_8: 26n,
  SupportsLegacyPairing: 27n,
  HasUnifiedAdvertiserInfo: 30n,
  IsCarPlay: 32n,
  SupportsAirPlayVideoPlayQueue: 33n,
  SupportsAirPlayFromCloud: 34n,
  SupportsTLS_PSK: 35n,
  SupportsUnifiedMediaControl: 38n,
  SupportsBufferedAudio: 40n,
  SupportsPTP: 41n,
  SupportsScreenMultiCodec: 42n,
  SupportsSystemPairing: 43n,
  IsAPValeriaScreenSender: 44n,
  SupportsHKPairingAndAccessControl: 46n,
  SupportsCoreUtilsPairingAndEncryption: 48n,
  SupportsAirPlayVideoV2: 49n,
  MetadataFeatures_3: 50n,
  SupportsUnifiedPairSetupAndMFi: 51n,
  SupportsSetPeersExtendedMessage: 52n,
  SupportsAPSync: 54n,
  SupportsWoL: 55n,
  SupportsWoL2: 56n,
  SupportsHangdogRemoteControl: 58n,
  SupportsAudioStreamConnectionSetup: 59n,
  SupportsAudioMetadataControl: 60n,
  SupportsRFC2198Redundancy: 61n,
} as const;
export type AirPlayFeature = (typeof AirPlayFeature)[keyof typeof AirPlayFeature];

/** Status flag masks of `flags` / `sf` that pyatv relies on. */
export const AirPlayStatusFlag = {
  PinRequired: 0x8,
  PasswordRequired: 0x80,
  OneTimePairingRequired: 0x200,
} as const;

/**
 * Parses `0xLOW` or `0xLOW,0xHIGH` into the 64-bit value high << 32 | low (pyatv's format).
 * RangeError on anything else.
 */
export function parseFeatures(text: string): bigint {
  const match = /^0x([0-9A-Fa-f]{1,8})(?:,0x([0-9A-Fa-f]{1,8}))?$/.exec(text.trim());
  if (!match) throw new RangeError(`invalid AirPlay feature string ${JSON.stringify(text)}`);
  const low = BigInt(`0x${match[1] as string}`);
  const high = match[2] === undefined ? 0n : BigInt(`0x${match[2]}`);
  return (high << 32n) | low;
}

/** Formats a 64-bit feature value the way receivers advertise it (`0xLOW,0xHIGH`). */
export function formatFeatures(value: bigint): string {
  const low = value & 0xffffffffn;
  const high = value >> 32n;
  const hex = (v: bigint): string => `0x${v.toString(16).toUpperCase()}`;
  return high === 0n ? hex(low) : `${hex(low)},${hex(high)}`;
}

export function hasFeature(features: bigint, bit: AirPlayFeature): boolean {
  return ((features >> bit) & 1n) === 1n;
}

interface Properties {
  get(key: string): string | undefined;
}

/** The features of a service: `ft` if present and non-empty, else `features`, else 0; malformed → 0. */
export function serviceFeatures(properties: Properties): bigint {
  const text = properties.get("ft") || properties.get("features") || "0x0";
  try {
    return parseFeatures(text);
  } catch {
    return 0n;
  }
}

/** Status flags from `sf` or `flags` (hex); malformed → 0. */
export function serviceFlags(properties: Properties): number {
  const text = properties.get("sf") || properties.get("flags") || "0x0";
  const value = Number.parseInt(text, 16);
  return Number.isFinite(value) && /^(0x)?[0-9a-fA-F]+$/.test(text.trim()) ? value : 0;
}

export type AirPlayMajorVersion = 1 | 2;

/** AirPlay 2 when bit 38 or 48 is set (unless the setting forces a version). */
export function protocolVersion(
  properties: Properties,
  preferred: AirPlayVersion = AirPlayVersion.Auto,
): AirPlayMajorVersion {
  if (preferred === AirPlayVersion.V1) return 1;
  if (preferred === AirPlayVersion.V2) return 2;
  const features = serviceFeatures(properties);
  return hasFeature(features, AirPlayFeature.SupportsUnifiedMediaControl) ||
    hasFeature(features, AirPlayFeature.SupportsCoreUtilsPairingAndEncryption)
    ? 2
    : 1;
}

/** Transient pairing is the default when no credentials are stored and bit 43 or 48 is set. */
export function prefersTransient(properties: Properties): boolean {
  const features = serviceFeatures(properties);
  return (
    hasFeature(features, AirPlayFeature.SupportsSystemPairing) ||
    hasFeature(features, AirPlayFeature.SupportsCoreUtilsPairingAndEncryption)
  );
}

/** `pw=true` or flag 0x80. */
export function isPasswordRequired(properties: Properties): boolean {
  if ((properties.get("pw") ?? "false").toLowerCase() === "true") return true;
  return (serviceFlags(properties) & AirPlayStatusFlag.PasswordRequired) !== 0;
}

const UNSUPPORTED_MODELS = [/^Mac\d+,\d+$/];

/** pyatv's pairing requirement: acl=1 → Disabled; a Mac → Unsupported; flags 0x200/0x8 → Mandatory; act=2 → Unsupported; else NotNeeded. */
export function pairingRequirement(properties: Properties): PairingRequirement {
  if ((properties.get("acl") ?? "0") === "1") return PairingRequirement.Disabled;
  const model = properties.get("model") ?? "";
  if (UNSUPPORTED_MODELS.some((re) => re.test(model))) return PairingRequirement.Unsupported;
  if (serviceFlags(properties) & (AirPlayStatusFlag.OneTimePairingRequired | AirPlayStatusFlag.PinRequired)) {
    return PairingRequirement.Mandatory;
  }
  if ((properties.get("act") ?? "0") === "2") return PairingRequirement.Unsupported;
  return PairingRequirement.NotNeeded;
}

/** Sets `requiresPassword` and `pairing` on a service (pyatv's update_service_details). */
export function updateServiceDetails(service: BaseService): void {
  service.requiresPassword = isPasswordRequired(service.properties);
  service.pairing = pairingRequirement(service.properties);
}

/** Whether the receiver can play a URL: feature bit 0 (video v1) or 49 (video v2). */
export function supportsPlayUrl(properties: Properties): boolean {
  const features = serviceFeatures(properties);
  return (
    hasFeature(features, AirPlayFeature.SupportsAirPlayVideoV1) ||
    hasFeature(features, AirPlayFeature.SupportsAirPlayVideoV2)
  );
}

/** Whether MRP can be tunnelled over AirPlay (airplay.md §1); the tunnel itself is a later issue. */
export function isRemoteControlSupported(properties: Properties, credentialsKind: string): boolean {
  const model = properties.get("model") ?? "";
  if (model.startsWith("AudioAccessory")) return credentialsKind === "transient";
  if (!model.startsWith("AppleTV")) return false;
  const major = Number.parseFloat((properties.get("osvers") ?? "0.0").split(".")[0] ?? "0");
  return major >= 13 && credentialsKind === "hap";
}
