/** What a browse finds. */

export interface DiscoveredService {
  /** Service type with domain, lower case: `_mediaremotetv._tcp.local`. */
  type: string;
  /** Instance name (escapes undone, NFC-normalised): `Living Room`, `AABBCCDDEEFF@Living Room`. */
  name: string;
  port: number;
  /** IPv4 from the A record of the SRV target (not link-local); the responder's address if it sent none. */
  address: string;
  /** SRV target host name, e.g. `Living-Room.local`. */
  host: string;
  /** TXT properties: keys lower-cased (TXT keys are case-insensitive), values UTF-8 (non-breaking spaces → spaces). */
  properties: Record<string, string>;
  /** TXT properties with their original keys and raw byte values. */
  rawProperties: Map<string, Uint8Array>;
}

export interface DiscoveredDevice {
  /** Address of the responder (the host, in a unicast browse); for a device found only through a sleep proxy, the sleeping device's address. */
  address: string;
  /** The `_device-info` instance name, else the name the first service gives (zeroconf.md §8); DMAP-only devices have none. */
  name?: string;
  /** Answered by a Bonjour sleep proxy (every SRV had port 0): the device is in deep sleep. */
  deepSleep: boolean;
  /** `_device-info._tcp` TXT `model` (Apple internal name such as `J105aAP`). */
  model?: string;
  /** Services of the asked types with a port and an address. Empty only for a deep-sleeping device that did not wake up. */
  services: DiscoveredService[];
}

/** Where diagnostics go; nothing is logged unless a logger is given. */
export interface ZeroconfLogger {
  debug(message: string): void;
}
