/**
 * pyatv's public enums with the same numeric values, as `as const` objects
 * with derived union types. `nameOf(Enum, value)` gives the member name back.
 */

/** All supported protocols. */
export const Protocol = { DMAP: 1, MRP: 2, AirPlay: 3, Companion: 4, RAOP: 5 } as const;
export type Protocol = (typeof Protocol)[keyof typeof Protocol];

/** All supported media types. */
export const MediaType = { Unknown: 0, Video: 1, Music: 2, TV: 3 } as const;
export type MediaType = (typeof MediaType)[keyof typeof MediaType];

/** All supported device states. */
export const DeviceState = { Idle: 0, Loading: 1, Paused: 2, Playing: 3, Stopped: 4, Seeking: 5 } as const;
export type DeviceState = (typeof DeviceState)[keyof typeof DeviceState];

/** All supported repeat states. */
export const RepeatState = { Off: 0, Track: 1, All: 2 } as const;
export type RepeatState = (typeof RepeatState)[keyof typeof RepeatState];

/** All supported shuffle states. */
export const ShuffleState = { Off: 0, Albums: 1, Songs: 2 } as const;
export type ShuffleState = (typeof ShuffleState)[keyof typeof ShuffleState];

/** All supported power states. */
export const PowerState = { Unknown: 0, Off: 1, On: 2 } as const;
export type PowerState = (typeof PowerState)[keyof typeof PowerState];

/** All supported keyboard focus states. */
export const KeyboardFocusState = { Unknown: 0, Unfocused: 1, Focused: 2 } as const;
export type KeyboardFocusState = (typeof KeyboardFocusState)[keyof typeof KeyboardFocusState];

/** Operating system on the device (Legacy is the pre-tvOS Apple TV software). */
export const OperatingSystem = { Unknown: 0, Legacy: 1, TvOS: 2, AirPortOS: 3, MacOS: 4 } as const;
export type OperatingSystem = (typeof OperatingSystem)[keyof typeof OperatingSystem];

/** Hardware device model. */
export const DeviceModel = {
  Unknown: 0,
  Gen2: 1,
  Gen3: 2,
  Gen4: 3,
  Gen4K: 4,
  HomePod: 5,
  HomePodMini: 6,
  AirPortExpress: 7,
  AirPortExpressGen2: 8,
  AppleTV4KGen2: 9,
  /** The Music app (or iTunes) on a desktop computer. */
  Music: 10,
  AppleTV4KGen3: 11,
  HomePodGen2: 12,
  AppleTVGen1: 13,
} as const;
export type DeviceModel = (typeof DeviceModel)[keyof typeof DeviceModel];

/** Type of input when pressing a button. */
export const InputAction = {
  /** Press and release quickly. */
  SingleTap: 0,
  /** Press and release twice quickly. */
  DoubleTap: 1,
  /** Press and hold for one second before releasing. */
  Hold: 2,
} as const;
export type InputAction = (typeof InputAction)[keyof typeof InputAction];

/** Pairing requirement for a service. */
export const PairingRequirement = {
  /** Not supported by the protocol or not implemented. */
  Unsupported: 1,
  /** Pairing is disabled by the protocol. */
  Disabled: 2,
  /** Pairing is not needed. */
  NotNeeded: 3,
  /** Pairing is supported but not required. */
  Optional: 4,
  /** Pairing must be performed. */
  Mandatory: 5,
} as const;
export type PairingRequirement = (typeof PairingRequirement)[keyof typeof PairingRequirement];

/** State of a particular feature. */
export const FeatureState = {
  /** Supported by the device, but it is not known whether it is available. */
  Unknown: 0,
  /** The device does not support this feature. */
  Unsupported: 1,
  /** Supported, but not available now (Pause while nothing plays). */
  Unavailable: 2,
  /** Supported and available. */
  Available: 3,
} as const;
export type FeatureState = (typeof FeatureState)[keyof typeof FeatureState];

/** Touch action for touch gestures. */
export const TouchAction = { Press: 1, Hold: 3, Release: 4, Click: 5 } as const;
export type TouchAction = (typeof TouchAction)[keyof typeof TouchAction];

/** Which AirPlay version to use (settings `protocols.raop.protocol_version`). */
export const AirPlayVersion = { Auto: "auto", V1: "1", V2: "2" } as const;
export type AirPlayVersion = (typeof AirPlayVersion)[keyof typeof AirPlayVersion];

/** Whether to tunnel MRP over AirPlay 2 (settings `protocols.airplay.mrp_tunnel`). */
export const MrpTunnel = { Auto: "auto", Force: "force", Disable: "disable" } as const;
export type MrpTunnel = (typeof MrpTunnel)[keyof typeof MrpTunnel];

/** Which pushed state changed (internal to the facade and protocols). */
export const UpdatedState = {
  Playing: 1,
  Volume: 2,
  KeyboardFocus: 3,
  OutputDevices: 4,
  OutputDeviceVolume: 5,
} as const;
export type UpdatedState = (typeof UpdatedState)[keyof typeof UpdatedState];

/** The member name of `value` in an `as const` enum object, or undefined. */
export function nameOf<E extends Record<string, string | number>>(
  enumObject: E,
  value: E[keyof E],
): keyof E & string {
  for (const [name, v] of Object.entries(enumObject)) if (v === value) return name;
  throw new RangeError(`${String(value)} is not a member of this enum`);
}

/** True if `value` is a member value of `enumObject`. */
export function isMember<E extends Record<string, string | number>>(
  enumObject: E,
  value: unknown,
): value is E[keyof E] {
  return Object.values(enumObject).includes(value as string | number);
}
