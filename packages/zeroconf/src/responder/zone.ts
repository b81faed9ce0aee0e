/** The records a responder publishes for a set of services (RFC 6763 §4–§12), sans-IO. */
import { RecordType } from "../dns/constants.js";
import { parseIPv4 } from "../dns/ip.js";
import { joinLabels, nameKey, splitLabels } from "../dns/name.js";
import { buildTxt } from "../dns/txt.js";
import type { DnsRecord } from "../dns/types.js";
import {
  DEVICE_INFO_TYPE,
  deviceNameOf,
  instanceName,
  normalizeServiceType,
  SERVICES_META_QUERY,
} from "../service-name.js";

export interface PublishedService {
  /** `_airplay._tcp` or `_airplay._tcp.local`. */
  type: string;
  /** Instance name, e.g. `Living Room` (dots allowed; cut to 63 bytes on a character boundary). */
  name: string;
  port: number;
  /** IPv4 address for the host's A record. */
  address: string;
  properties?: Readonly<Record<string, string | Uint8Array>>;
  /** SRV target host name; default: the instance name made host-safe, plus `.local`. */
  hostName?: string;
}

export interface ZoneOptions {
  /** Publish `<deviceName>._device-info._tcp.local` with TXT `model=<this>`. */
  deviceInfoModel?: string;
  /** Name for `_device-info`; default: the name the first service gives (RAOP: after `@`). */
  deviceName?: string;
}

export interface ZoneRecord {
  record: DnsRecord;
  /** Unique records get the cache-flush bit in multicast answers; shared ones (PTR) do not. */
  unique: boolean;
}

/** RFC 6762 §10: 120 s for records with host names (A, SRV), 75 minutes for the rest. */
export const HOST_TTL = 120;
export const OTHER_TTL = 4500;

const encoder = new TextEncoder();

/** Cuts a label to 63 UTF-8 bytes without splitting a character. */
export function truncateLabel(label: string): string {
  let out = "";
  let bytes = 0;
  for (const ch of label.normalize("NFC")) {
    const n = encoder.encode(ch).length;
    if (bytes + n > 63) break;
    out += ch;
    bytes += n;
  }
  return out;
}

export function defaultHostName(instance: string): string {
  const safe = instance
    .replace(/[^A-Za-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);
  return `${safe || "device"}.local`;
}

function validate(s: PublishedService): void {
  if (typeof s.name !== "string" || s.name.length === 0)
    throw new TypeError("published service needs a non-empty name");
  if (!Number.isInteger(s.port) || s.port < 0 || s.port > 65535)
    throw new RangeError(`published service ${s.name}: bad port ${s.port}`);
  if (!parseIPv4(s.address))
    throw new TypeError(
      `published service ${s.name}: address must be IPv4, got ${JSON.stringify(s.address)}`,
    );
}

/** Builds every record of the zone. Throws TypeError/RangeError on invalid services. */
export function buildZone(services: readonly PublishedService[], options: ZoneOptions = {}): ZoneRecord[] {
  const zone: ZoneRecord[] = [];
  const types = new Set<string>();
  const instances = new Set<string>();
  const hosts = new Map<string, string>();
  const add = (record: DnsRecord, unique: boolean): void => void zone.push({ record, unique });
  for (const s of services) {
    validate(s);
    const type = normalizeServiceType(s.type);
    const instance = truncateLabel(s.name);
    const full = instanceName(instance, type);
    if (instances.has(nameKey(full))) throw new TypeError(`service ${full} is published twice`);
    instances.add(nameKey(full));
    const host = joinLabels(splitLabels(s.hostName ?? defaultHostName(instance)));
    const knownAddress = hosts.get(nameKey(host));
    if (knownAddress !== undefined && knownAddress !== s.address)
      throw new TypeError(`host ${host} given two addresses`);
    if (!types.has(type)) {
      types.add(type);
      add({ type: RecordType.PTR, name: SERVICES_META_QUERY, ttl: OTHER_TTL, target: type }, false);
    }
    add({ type: RecordType.PTR, name: type, ttl: OTHER_TTL, target: full }, false);
    add(
      { type: RecordType.SRV, name: full, ttl: HOST_TTL, priority: 0, weight: 0, port: s.port, target: host },
      true,
    );
    add({ type: RecordType.TXT, name: full, ttl: OTHER_TTL, entries: buildTxt(s.properties ?? {}) }, true);
    add(
      {
        type: RecordType.NSEC,
        name: full,
        ttl: OTHER_TTL,
        nextName: full,
        types: [RecordType.TXT, RecordType.SRV],
      },
      true,
    );
    if (knownAddress === undefined) {
      hosts.set(nameKey(host), s.address);
      add({ type: RecordType.A, name: host, ttl: HOST_TTL, address: s.address }, true);
      add({ type: RecordType.NSEC, name: host, ttl: HOST_TTL, nextName: host, types: [RecordType.A] }, true);
    }
  }
  if (options.deviceInfoModel !== undefined) {
    const first = services[0];
    const name =
      options.deviceName ??
      (first ? deviceNameOf(normalizeServiceType(first.type), truncateLabel(first.name)) : undefined);
    if (!name) throw new TypeError("deviceInfoModel needs a deviceName (no service gives one)");
    const full = instanceName(truncateLabel(name), DEVICE_INFO_TYPE);
    add({ type: RecordType.PTR, name: SERVICES_META_QUERY, ttl: OTHER_TTL, target: DEVICE_INFO_TYPE }, false);
    add({ type: RecordType.PTR, name: DEVICE_INFO_TYPE, ttl: OTHER_TTL, target: full }, false);
    add(
      {
        type: RecordType.TXT,
        name: full,
        ttl: OTHER_TTL,
        entries: buildTxt({ model: options.deviceInfoModel }),
      },
      true,
    );
    add({ type: RecordType.NSEC, name: full, ttl: OTHER_TTL, nextName: full, types: [RecordType.TXT] }, true);
  }
  return zone;
}
