import {
  AppleTVConfig,
  MemoryStorage,
  lookupInternalName,
  mergeDeviceInfo,
  type DeviceInfoFields,
  type Protocol,
  type ProtocolModule,
  type ScannedService,
  type ServiceRecord,
  type Storage,
} from "@atv/core";
import type { DiscoveredDevice } from "@atv/zeroconf";
import { loadModules, serviceTypesOf, supportedProtocols } from "./registry.js";

export const DEVICE_INFO_SERVICE = "_device-info._tcp.local";

export interface ScanOptions {
  /** Unicast DNS-SD to these IPv4 hosts; multicast when absent. */
  hosts?: readonly string[];
  /** Unicast DNS-SD port (default 5353). */
  port?: number;
  /**
   * Keep only devices with one of these identifiers. A multicast scan stops at the first match
   * (as pyatv); a unicast one once every identifier was seen or every host answered.
   */
  identifier?: string | Iterable<string>;
  /** Only ask for (and add) these protocols' services. */
  protocol?: Protocol | Iterable<Protocol>;
  /** Seconds to scan (default 5; a unicast scan ends earlier once every host answered). */
  timeout?: number;
  /** Settings (credentials, passwords) are loaded from here and applied to each device. */
  storage?: Storage;
  /** Wake sleeping hosts with TCP knocks during a unicast scan (default true). */
  knock?: boolean;
  signal?: AbortSignal;
}

function toSet<T>(value: T | Iterable<T> | undefined, isOne: (v: unknown) => v is T): Set<T> | undefined {
  if (value === undefined) return undefined;
  return isOne(value) ? new Set([value]) : new Set(value);
}

/** Turns one responder's services into a device config, by each protocol's rules. */
export function buildConfig(
  device: DiscoveredDevice,
  modules: readonly ProtocolModule[],
): AppleTVConfig | undefined {
  const byType = new Map<string, ProtocolModule>();
  for (const m of modules) for (const t of m.serviceTypes) byType.set(t.toLowerCase(), m);

  let name: string | undefined;
  const parts: DeviceInfoFields[] = [];
  const properties = new Map<string, Readonly<Record<string, string>>>();
  const services: ScannedService[] = [];

  for (const service of device.services) {
    const record: ServiceRecord = {
      type: service.type,
      name: service.name,
      port: service.port,
      address: service.address,
      properties: service.properties,
    };
    properties.set(service.type, service.properties);
    const module = byType.get(service.type.toLowerCase());
    if (!module) continue;
    parts.push(module.deviceInfo(record));
    if (service.port === 0 || !service.address) continue;
    const scanned = module.serviceInfo(record);
    if (!scanned) continue;
    name ??= scanned.name;
    services.push(scanned);
  }
  if (services.length === 0) return undefined;
  // `_device-info` model (an internal name like J105aAP) fills the model last.
  const internalModel = device.model !== undefined ? lookupInternalName(device.model) : undefined;
  const deviceInfo = mergeDeviceInfo(...parts, internalModel !== undefined ? { model: internalModel } : {});
  const config = new AppleTVConfig({
    address: device.address,
    name: name ?? device.name ?? device.address,
    deepSleep: device.deepSleep,
    properties,
    deviceInfo,
  });
  for (const s of services) config.addService(s.service);
  const map = new Map(config.services.map((s) => [s.protocol, s]));
  for (const s of config.services) {
    modules.find((m) => m.protocol === s.protocol)?.finalizeService?.(s, { deviceInfo, services: map });
  }
  return config;
}

/** Yields each device as it is found (see {@link scan}). */
export async function* scanIter(options: ScanOptions = {}): AsyncGenerator<AppleTVConfig> {
  const protocols = toSet(options.protocol, (v): v is Protocol => typeof v === "number");
  const identifiers = toSet(options.identifier, (v): v is string => typeof v === "string");
  const wanted = supportedProtocols().filter((p) => !protocols || protocols.has(p));
  // Nothing atv implements was asked for: there is nothing to look for.
  if (wanted.length === 0) return;
  const storage = options.storage ?? new MemoryStorage();
  const typesOf = new Map(wanted.map((p) => [p, (serviceTypesOf[p] ?? []).map((t) => t.toLowerCase())]));
  const serviceTypes = [...new Set([...typesOf.values()].flat()), DEVICE_INFO_SERVICE];

  const missing = new Set(identifiers);
  // DNS-SD is loaded only by a scan: connect() with a config built by hand never needs it.
  const { browse } = await import("@atv/zeroconf");
  const found = browse({
    serviceTypes,
    timeoutMs: Math.round((options.timeout ?? 5) * 1000),
    ...(options.hosts ? { hosts: [...options.hosts], knock: options.knock ?? true } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  for await (const device of found) {
    // Only the modules of the protocols this device offers are loaded.
    const types = new Set(device.services.map((service) => service.type.toLowerCase()));
    const present = wanted.filter((p) => typesOf.get(p)?.some((t) => types.has(t)));
    const config = buildConfig(device, await loadModules(present));
    if (!config?.ready) continue;
    if (identifiers && !config.allIdentifiers.some((id) => identifiers.has(id))) continue;
    config.apply(await storage.getSettings(config));
    yield config;
    if (!identifiers) continue;
    // Like pyatv: a multicast scan for an identifier ends at the first match. A unicast
    // scan ends once every wanted identifier was seen (not only when every host answered).
    if (!options.hosts) return;
    for (const id of config.allIdentifiers) missing.delete(id);
    if (missing.size === 0) return;
  }
}

/**
 * Finds devices: multicast DNS-SD, or unicast to `hosts`. Always resolves to a
 * list (empty when nothing was found); each device has its stored settings applied.
 */
export async function scan(options: ScanOptions = {}): Promise<AppleTVConfig[]> {
  const out: AppleTVConfig[] = [];
  for await (const config of scanIter(options)) out.push(config);
  return out;
}
