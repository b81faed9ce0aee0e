/** DNS-SD service instance names: `<instance>.<_service>.<_tcp|_udp>.<domain>` (RFC 6763 §4). */
import { asciiLower, joinLabels, splitLabels } from "./dns/name.js";
import type { DnsName } from "./dns/types.js";

export const DEVICE_INFO_TYPE = "_device-info._tcp.local";
export const SLEEP_PROXY_TYPE = "_sleep-proxy._udp.local";
export const SERVICES_META_QUERY = "_services._dns-sd._udp.local";

/** DMAP instance names are identifiers, not device names (zeroconf.md §8). */
const NAMELESS_TYPES = new Set(["_touch-able._tcp.local", "_appletv-v2._tcp.local", "_hscp._tcp.local"]);

/**
 * Normalises a service type: `_airplay._tcp`, `_airplay._tcp.local` and
 * `_AirPlay._tcp.local.` all become `_airplay._tcp.local`.
 */
export function normalizeServiceType(type: string): string {
  const labels = splitLabels(type.trim());
  const n = labels.length;
  if (n < 2 || !labels[0]?.startsWith("_") || !/^_(tcp|udp)$/i.test(labels[1] ?? "")) {
    throw new TypeError(`not a DNS-SD service type (expected "_name._tcp[.local]"): ${JSON.stringify(type)}`);
  }
  if (n === 2) labels.push("local");
  return asciiLower(joinLabels(labels));
}

export interface ParsedInstanceName {
  /** The instance label, escapes undone (may contain dots). */
  instance: string;
  /** Service type with domain, lower-cased: `_airplay._tcp.local`. */
  type: string;
}

/**
 * Splits a full instance name: the first label (after the first) that starts with `_`
 * and is followed by `_tcp`/`_udp` starts the service type; everything before it is the
 * instance. Returns undefined for names that are not instance names.
 */
export function parseInstanceName(name: DnsName): ParsedInstanceName | undefined {
  let labels: string[];
  try {
    labels = splitLabels(name);
  } catch {
    return undefined;
  }
  for (let i = 1; i + 1 < labels.length; i++) {
    const label = labels[i] as string;
    if (label.startsWith("_") && /^_(tcp|udp)$/i.test(labels[i + 1] as string)) {
      return { instance: labels.slice(0, i).join("."), type: asciiLower(joinLabels(labels.slice(i))) };
    }
  }
  return undefined;
}

/** `<instance>.<type>` as a `DnsName` (dots inside the instance are escaped). */
export function instanceName(instance: string, type: string): DnsName {
  return joinLabels([instance, ...splitLabels(type)]);
}

/**
 * The name a service contributes to its device (zeroconf.md §8): the instance name,
 * except RAOP (`AABBCCDDEEFF@Name` → `Name`), sleep proxy (`xx-xx-xx-xx.n Name` → `Name`)
 * and DMAP types (none: their instance names are identifiers).
 */
export function deviceNameOf(type: string, instance: string): string | undefined {
  const t = asciiLower(type);
  if (NAMELESS_TYPES.has(t)) return undefined;
  if (t === "_raop._tcp.local") {
    const at = instance.indexOf("@");
    return at < 0 ? instance : instance.slice(at + 1);
  }
  if (t === SLEEP_PROXY_TYPE) {
    const space = instance.indexOf(" ");
    return space < 0 ? undefined : instance.slice(space + 1);
  }
  return instance;
}
