/**
 * The structural view of a device configuration that storage needs, and the two
 * directions of copying between a configuration and its settings.
 */
import { Protocol } from "../enums.js";
import type { Settings } from "../settings/index.js";

/** A service of a configuration as storage sees it. */
export interface SettingsTargetService {
  readonly protocol: Protocol;
  readonly identifier: string | undefined;
  credentials: string | undefined;
  password: string | undefined;
}

/** A device configuration as storage sees it (`AppleTVConfig` satisfies this). */
export interface SettingsTarget {
  /** Used in error messages only. */
  readonly name?: string;
  readonly identifier: string | undefined;
  readonly allIdentifiers: readonly string[];
  readonly services: readonly SettingsTargetService[];
}

/** Settings section name of each protocol. */
export const PROTOCOL_SETTINGS_KEY = {
  [Protocol.DMAP]: "dmap",
  [Protocol.MRP]: "mrp",
  [Protocol.AirPlay]: "airplay",
  [Protocol.Companion]: "companion",
  [Protocol.RAOP]: "raop",
} as const satisfies Record<Protocol, keyof Settings["protocols"]>;

/** Protocols whose settings have a `password`. */
function hasPassword(protocol: Protocol): boolean {
  return protocol === Protocol.AirPlay || protocol === Protocol.RAOP;
}

interface ProtocolSection {
  identifier: string | null;
  credentials: string | null;
  password?: string | null;
}

function section(settings: Settings, protocol: Protocol): ProtocolSection {
  return settings.protocols[PROTOCOL_SETTINGS_KEY[protocol]];
}

/**
 * Copies stored credentials and passwords into the configuration's services
 * (pyatv's `conf.apply` → `service.apply`). Storage wins over the configuration, but
 * only with a value: like pyatv (`settings.get(key) or current`), a null or empty
 * stored value leaves the service's value alone.
 */
export function applySettings(config: SettingsTarget, settings: Settings): void {
  for (const service of config.services) {
    const stored = section(settings, service.protocol);
    if (stored.credentials) service.credentials = stored.credentials;
    if (hasPassword(service.protocol) && stored.password) service.password = stored.password;
  }
}

/**
 * Writes the configuration's identifier, credentials and password per service into
 * `settings` (pyatv's `_update_settings_from_config`): values that are set (not
 * undefined) replace stored ones; the identifier is always taken from the service.
 */
export function updateSettingsFromConfig(config: SettingsTarget, settings: Settings): void {
  for (const service of config.services) {
    const stored = section(settings, service.protocol);
    if (service.credentials !== undefined) stored.credentials = service.credentials;
    if (hasPassword(service.protocol) && service.password !== undefined) stored.password = service.password;
    stored.identifier = service.identifier ?? null;
  }
}

/** True if any protocol identifier stored in `settings` is one of `identifiers`. */
export function settingsMatch(settings: Settings, identifiers: readonly string[]): boolean {
  return Object.values(PROTOCOL_SETTINGS_KEY).some((key) => {
    const id = settings.protocols[key].identifier;
    return id !== null && identifiers.includes(id);
  });
}
