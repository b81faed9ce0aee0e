import { Protocol, nameOf, type ProtocolModule } from "@atv/core";

/**
 * Protocol modules are loaded lazily (dynamic import) so `atv --version` and
 * scripts that use one protocol do not pay for the others.
 */
const loaders: Partial<Record<Protocol, () => Promise<ProtocolModule>>> = {
  // Each package's plug-in alone, without its device side (the `/protocol` subpaths).
  [Protocol.AirPlay]: async () => (await import("@atv/airplay/protocol")).airplayProtocol,
  [Protocol.DMAP]: async () => (await import("@atv/dmap/protocol")).dmapProtocol,
  [Protocol.MRP]: async () => (await import("@atv/mrp/protocol")).mrpProtocol,
  [Protocol.Companion]: async () => (await import("@atv/companion/protocol")).companionProtocol,
  [Protocol.RAOP]: async () => (await import("@atv/raop/protocol")).raopProtocol,
};

/**
 * The DNS-SD service types each protocol's module handles (its `serviceTypes`), known without
 * loading it: a scan asks for all of them and loads only the modules of the services it found.
 * test/api/registry.test.ts checks this table against the modules.
 */
export const serviceTypesOf: Readonly<Partial<Record<Protocol, readonly string[]>>> = {
  [Protocol.AirPlay]: ["_airplay._tcp.local"],
  [Protocol.DMAP]: ["_appletv-v2._tcp.local", "_touch-able._tcp.local", "_hscp._tcp.local"],
  [Protocol.MRP]: ["_mediaremotetv._tcp.local"],
  [Protocol.Companion]: ["_companion-link._tcp.local"],
  [Protocol.RAOP]: ["_raop._tcp.local"],
};

/** Protocols atv can use today, in the order pyatv sets them up on connect. */
export const setupOrder: readonly Protocol[] = [
  Protocol.AirPlay,
  Protocol.Companion,
  Protocol.DMAP,
  Protocol.MRP,
  Protocol.RAOP,
];

export function supportedProtocols(): Protocol[] {
  return setupOrder.filter((p) => loaders[p] !== undefined);
}

const cache = new Map<Protocol, Promise<ProtocolModule>>();

/** The module for one protocol, or undefined when atv has no implementation of it yet. */
export function loadModule(protocol: Protocol): Promise<ProtocolModule> | undefined {
  const loader = loaders[protocol];
  if (!loader) return undefined;
  let p = cache.get(protocol);
  if (!p) {
    p = loader();
    cache.set(protocol, p);
  }
  return p;
}

/** Loads the modules for `protocols` (default: every supported one), skipping unimplemented ones. */
export async function loadModules(protocols?: Iterable<Protocol>): Promise<ProtocolModule[]> {
  const wanted = protocols ? new Set(protocols) : undefined;
  const list = setupOrder.filter((p) => !wanted || wanted.has(p));
  const pending = list.map((p) => loadModule(p)).filter((m): m is Promise<ProtocolModule> => m !== undefined);
  return Promise.all(pending);
}

export function protocolName(protocol: Protocol): string {
  return nameOf(Protocol, protocol);
}
