/**
 * The kinds of device `atv simulate --profile NAME` can be, each advertised with the model, OS and
 * TXT records of the real thing. Protocols a profile does not simulate are listed in `missing`.
 */

export type SimulatorProfileName = "tvos14" | "tvos17" | "homepod" | "airport" | "appletv3";

/** How a profile offers MRP: on its own port, only inside the AirPlay 2 tunnel, or not at all. */
export type MrpMode = "direct" | "tunnel" | "none";

export interface SimulatorProfile {
  readonly name: SimulatorProfileName;
  readonly description: string;
  /** Model identifier (AirPlay `model`, MRP `modelID`). */
  readonly model: string;
  /** `_device-info._tcp` model (Apple's internal name), when known. */
  readonly internalName: string | undefined;
  readonly mrp: MrpMode;
  /** MRP `SystemBuildVersion` (direct or tunnelled MRP). */
  readonly build: string;
  readonly airplay: {
    /** AirPlay `osvers`. */
    readonly osVersion: string;
    readonly sourceVersion: string;
    /** 64-bit `features`: bits 38/48 make it AirPlay 2. */
    readonly features: bigint;
    /** Status `flags`: 0x200/0x8 make pairing mandatory (PIN). */
    readonly flags: number;
  };
  /** Whether the Companion device side runs (Apple TVs on tvOS). */
  readonly companion: boolean;
  /** Whether the RAOP (AirPlay 1 audio) receiver runs. */
  readonly raop: boolean;
  /** Protocols the real device has that this profile does not simulate. */
  readonly missing: readonly string[];
}

/** The features of an Apple TV 4K on tvOS 14+ (airplay.md §1): AirPlay 2, video, transient-capable. */
const APPLE_TV_FEATURES = 0xbc157fde_4a7fdfd5n;

export const SIMULATOR_PROFILES: Readonly<Record<SimulatorProfileName, SimulatorProfile>> = {
  tvos14: {
    name: "tvos14",
    description: "Apple TV 4K on tvOS 14: direct MRP and AirPlay 2",
    model: "AppleTV6,2",
    internalName: "J105aAP",
    mrp: "direct",
    build: "18M60",
    airplay: { osVersion: "14.7", sourceVersion: "550.10", features: APPLE_TV_FEATURES, flags: 0x244 },
    companion: true,
    raop: true,
    missing: [],
  },
  tvos17: {
    name: "tvos17",
    description:
      "Apple TV 4K (gen 3) on tvOS 17: MRP only through the AirPlay 2 tunnel (pair AirPlay with the PIN)",
    model: "AppleTV14,1",
    internalName: "J255AP",
    mrp: "tunnel",
    build: "21K69",
    airplay: { osVersion: "17.1", sourceVersion: "710.78.2", features: APPLE_TV_FEATURES, flags: 0x244 },
    companion: true,
    raop: true,
    missing: [],
  },
  homepod: {
    name: "homepod",
    description: "HomePod mini: AirPlay 2 with transient pairing (no PIN), MRP through the tunnel",
    model: "AudioAccessory5,1",
    internalName: undefined,
    mrp: "tunnel",
    build: "21K69",
    // AirPlay 2 (bits 38, 48: transient), audio, no video (bits 0 and 49 clear: no play_url).
    airplay: { osVersion: "17.1", sourceVersion: "710.78.2", features: 0xbc354bd0_4a7fca00n, flags: 0x4 },
    companion: false,
    raop: false,
    missing: ["RAOP (AirPlay 2 audio)"],
  },
  airport: {
    name: "airport",
    description: "AirPort Express (gen 2): AirPlay 1 only",
    model: "AirPort10,115",
    internalName: undefined,
    mrp: "none",
    build: "",
    airplay: { osVersion: "7.8.1", sourceVersion: "366.0", features: 0x445f8a00n, flags: 0x4 },
    companion: false,
    raop: true,
    missing: [],
  },
  appletv3: {
    name: "appletv3",
    description: "Apple TV 3: AirPlay 1 (legacy pairing)",
    model: "AppleTV3,2",
    internalName: "J33IAP",
    mrp: "none",
    build: "",
    airplay: { osVersion: "8.4.4", sourceVersion: "220.68", features: 0x1e_5a7ffff7n, flags: 0x44 },
    companion: false,
    raop: true,
    missing: ["DMAP (the CLI's --profile appletv3 runs the DMAP device: startAppleTV3Simulator)"],
  },
};

export const DEFAULT_PROFILE: SimulatorProfileName = "tvos14";

export function isProfileName(name: string): name is SimulatorProfileName {
  return Object.hasOwn(SIMULATOR_PROFILES, name);
}

/** One line per profile for `--help`. */
export function profilesHelp(): string {
  return Object.values(SIMULATOR_PROFILES)
    .map(
      (p) =>
        `  ${p.name.padEnd(9)} ${p.description}${p.name === DEFAULT_PROFILE ? " (default)" : ""}` +
        (p.missing.length > 0 ? `\n            not simulated here: ${p.missing.join(", ")}` : ""),
    )
    .join("\n");
}
