/**
 * Lookups from model identifiers, internal names and build numbers (devices.md §1–§4).
 */
import { DeviceModel, OperatingSystem } from "../enums.js";
import {
  INTERNAL_NAMES,
  MAC_IDENTIFIER_PATTERNS,
  MODEL_IDENTIFIERS,
  MODEL_NAMES,
  OPERATING_SYSTEM_NAMES,
  TVOS_BUILDS,
} from "./tables.js";

/** Model from an identifier such as `AppleTV6,2`; `Unknown` if not known. */
export function lookupModel(identifier: string | null | undefined): DeviceModel {
  return MODEL_IDENTIFIERS.get(identifier ?? "") ?? DeviceModel.Unknown;
}

/** Model from an Apple internal name such as `J305AP`; `Unknown` if not known. */
export function lookupInternalName(name: string | null | undefined): DeviceModel {
  return INTERNAL_NAMES.get(name ?? "") ?? DeviceModel.Unknown;
}

const BUILD_PREFIX = /^(\d+)[A-Z]/;

/**
 * OS version from a build number: the exact table first, otherwise the major version
 * derived from the build's leading number, as `"<major>.x"`: number − 4 (`17A123` →
 * `13.x`), except that builds from 23 on are tvOS 26 and later (Apple renumbered tvOS 18
 * → 26), so number + 3 (`23L5455c` → `26.x`). Undefined if the build has no such prefix.
 */
export function lookupVersion(build: string | null | undefined): string | undefined {
  if (!build) return undefined;
  const exact = TVOS_BUILDS.get(build);
  if (exact !== undefined) return exact;
  const match = BUILD_PREFIX.exec(build);
  if (match?.[1] === undefined) return undefined;
  const number = Number.parseInt(match[1], 10);
  return `${number >= 23 ? number + 3 : number - 4}.x`;
}

/**
 * Operating system from a model or a model identifier (devices.md §3, rules 2–3):
 * Mac identifiers (`MacBookAir10,1`, `Mac14,2`, …) → MacOS; otherwise by model:
 * AirPort Express → AirPortOS; HomePods → TvOS; Apple TV 1–3 → Legacy; Apple TV 4 and
 * all 4K → TvOS. An identifier string is first looked up with `lookupModel` (pyatv stops
 * at the Mac check for strings).
 */
export function lookupOs(idOrModel: string | DeviceModel): OperatingSystem {
  if (typeof idOrModel === "string") {
    if (MAC_IDENTIFIER_PATTERNS.some((pattern) => pattern.test(idOrModel))) return OperatingSystem.MacOS;
    return lookupOs(lookupModel(idOrModel));
  }
  switch (idOrModel) {
    case DeviceModel.AirPortExpress:
    case DeviceModel.AirPortExpressGen2:
      return OperatingSystem.AirPortOS;
    case DeviceModel.HomePod:
    case DeviceModel.HomePodMini:
    case DeviceModel.HomePodGen2:
      return OperatingSystem.TvOS;
    case DeviceModel.AppleTVGen1:
    case DeviceModel.Gen2:
    case DeviceModel.Gen3:
      return OperatingSystem.Legacy;
    case DeviceModel.Gen4:
    case DeviceModel.Gen4K:
    case DeviceModel.AppleTV4KGen2:
    case DeviceModel.AppleTV4KGen3:
      return OperatingSystem.TvOS;
    case DeviceModel.Unknown:
    case DeviceModel.Music:
      return OperatingSystem.Unknown;
    default: {
      const unreachable: never = idOrModel;
      throw new TypeError(`not a DeviceModel: ${String(unreachable)}`);
    }
  }
}

/** Display name of a model: "Apple TV 4K (gen 2)", "HomePod Mini", "Music/iTunes", … */
export function modelStr(model: DeviceModel): string {
  return MODEL_NAMES[model] ?? "Unknown";
}

/** Display label of an operating system: "tvOS", "ATV SW", "AirPortOS", "MacOS" or "Unknown OS". */
export function operatingSystemStr(os: OperatingSystem): string {
  return OPERATING_SYSTEM_NAMES[os] ?? "Unknown OS";
}
