/**
 * The bridge's device registry: scan results by identifier, one managed connection per device
 * (started for every stored/paired device, and on first use for the others), pairing sessions,
 * and the event stream every client reads.
 */
import {
  MemoryStorage,
  Protocol,
  TypedEmitter,
  nameOf,
  settingsMatch,
  type AppleTVConfig,
  type Logger,
  type PairingHandler,
  type Storage,
} from "@atv/core";
import { ManagedAppleTV, type ReconnectOptions } from "../managed/index.js";
import { pair } from "../pair.js";
import { scan } from "../scan.js";
import { HttpFailure } from "./errors.js";
import { forwardEvents, type DeviceEvent } from "./event-json.js";

export interface BridgeOptions {
  scanHosts?: readonly string[];
  scanPort?: number;
  /** Seconds per scan (default 3). */
  scanTimeout?: number;
  storage?: Storage;
  reconnect?: ReconnectOptions;
  /**
   * While a device is not connected, scan this often (default 60 000 ms; 0 disables): a device that
   * woke from sleep is then retried at once instead of after the rest of its back-off.
   */
  rescanIntervalMs?: number;
  logger?: Logger;
}

export interface DeviceEntry {
  readonly id: string;
  config: AppleTVConfig;
  managed: ManagedAppleTV | undefined;
  stop: (() => void) | undefined;
}

interface BridgeEvents {
  event: [event: DeviceEvent];
}

/** Pairing sessions that are not finished within this time are closed. */
const PAIRING_TTL_MS = 5 * 60_000;

export class Bridge extends TypedEmitter<BridgeEvents> {
  readonly #options: BridgeOptions;
  readonly #storage: Storage;
  readonly #devices = new Map<string, DeviceEntry>();
  readonly #pairings = new Map<string, { handler: PairingHandler; timer: NodeJS.Timeout }>();
  /** The last event of each kind per device, sent to a client when it subscribes. */
  readonly #latest = new Map<string, DeviceEvent>();
  #closed = false;
  #rescan: NodeJS.Timeout | undefined;
  #scanning: Promise<DeviceEntry[]> | undefined;

  constructor(options: BridgeOptions = {}) {
    super();
    this.#options = options;
    this.#storage = options.storage ?? new MemoryStorage();
    const every = options.rescanIntervalMs ?? 60_000;
    if (every > 0) {
      this.#rescan = setInterval(() => {
        const waiting = this.devices.some((d) => d.managed && d.managed.state !== "connected");
        if (waiting && !this.#scanning) void this.scan().catch(() => undefined);
      }, every);
      this.#rescan.unref();
    }
  }

  get devices(): DeviceEntry[] {
    return [...this.#devices.values()];
  }

  /** The latest event of each kind (for a new subscriber), optionally for one device. */
  snapshot(device?: string): DeviceEvent[] {
    return [...this.#latest.values()].filter((e) => device === undefined || e.device === device);
  }

  /** Scans, merges what was found, and keeps stored (paired) devices connected. */
  scan(signal?: AbortSignal): Promise<DeviceEntry[]> {
    const scanning = this.#scan(signal).finally(() => {
      if (this.#scanning === scanning) this.#scanning = undefined;
    });
    this.#scanning = scanning;
    return scanning;
  }

  async #scan(signal?: AbortSignal): Promise<DeviceEntry[]> {
    const found = await scan({
      ...(this.#options.scanHosts ? { hosts: this.#options.scanHosts } : {}),
      ...(this.#options.scanPort !== undefined ? { port: this.#options.scanPort } : {}),
      timeout: this.#options.scanTimeout ?? 3,
      storage: this.#storage,
      knock: false,
      ...(signal ? { signal } : {}),
    });
    const entries: DeviceEntry[] = [];
    for (const config of found) {
      const id = config.identifier;
      if (id === undefined || this.#closed) continue;
      let entry = this.#devices.get(id);
      if (entry) {
        entry.config = config;
        entry.managed?.setConfig(config);
        entry.managed?.retryNow(); // seen again (e.g. woke up): no need to wait for the back-off
      } else {
        entry = { id, config, managed: undefined, stop: undefined };
        this.#devices.set(id, entry);
      }
      entries.push(entry);
      if (this.#isStored(config)) this.managed(entry);
    }
    return entries;
  }

  #isStored(config: AppleTVConfig): boolean {
    return this.#storage.settings.some(
      (s) =>
        settingsMatch(s, config.allIdentifiers) &&
        (["airplay", "companion", "dmap", "mrp", "raop"] as const).some(
          (key) => (s.protocols[key].credentials ?? null) !== null,
        ),
    );
  }

  /** The device with this identifier (any of its identifiers), or a 404. */
  get(id: string): DeviceEntry {
    const direct = this.#devices.get(id);
    if (direct) return direct;
    for (const entry of this.#devices.values()) if (entry.config.allIdentifiers.includes(id)) return entry;
    throw new HttpFailure(404, "DEVICE_NOT_FOUND", `no device with identifier ${id} (try POST /api/scan)`);
  }

  /** The device's managed connection, started on first use. */
  managed(entry: DeviceEntry): ManagedAppleTV {
    if (this.#closed) throw new HttpFailure(503, "CLOSING", "the bridge is shutting down");
    if (entry.managed) return entry.managed;
    const managed = new ManagedAppleTV(entry.config, {
      storage: this.#storage,
      ...(this.#options.logger ? { logger: this.#options.logger } : {}),
      reconnect: this.#options.reconnect ?? {},
    });
    entry.managed = managed;
    entry.stop = forwardEvents(entry.id, managed, (event) => {
      this.#latest.set(`${event.device}\u0000${event.kind}`, event);
      this.emit("event", event);
    });
    managed.start();
    return managed;
  }

  /** Starts pairing a protocol; the PIN follows with `pairPin`. */
  async pairBegin(
    entry: DeviceEntry,
    protocolName: string,
    signal: AbortSignal,
  ): Promise<{ deviceProvidesPin: boolean }> {
    const protocol = parseProtocol(protocolName);
    const key = `${entry.id}\u0000${protocol}`;
    await this.#endPairing(key);
    const handler = await pair(entry.config, protocol, { storage: this.#storage, name: "atv serve", signal });
    await handler.begin({ signal });
    const timer = setTimeout(() => void this.#endPairing(key), PAIRING_TTL_MS);
    timer.unref();
    this.#pairings.set(key, { handler, timer });
    return { deviceProvidesPin: handler.deviceProvidesPin };
  }

  /** Finishes pairing with the PIN; on success the device is kept connected with the new credentials. */
  async pairPin(
    entry: DeviceEntry,
    protocolName: string,
    pin: unknown,
    signal: AbortSignal,
  ): Promise<boolean> {
    const protocol = parseProtocol(protocolName);
    const key = `${entry.id}\u0000${protocol}`;
    const session = this.#pairings.get(key);
    if (!session) throw new HttpFailure(409, "NO_PAIRING", `no pairing in progress for ${protocolName}`);
    if (typeof pin !== "string" && typeof pin !== "number")
      throw new HttpFailure(400, "BAD_REQUEST", '"pin" must be a string or a number');
    try {
      session.handler.pin(pin);
      await session.handler.finish({ signal });
      const paired = session.handler.hasPaired;
      if (paired) {
        const managed = this.managed(entry);
        managed.setConfig(entry.config);
        managed.reconnect("paired: reconnecting with the new credentials");
      }
      return paired;
    } finally {
      await this.#endPairing(key);
    }
  }

  async #endPairing(key: string): Promise<void> {
    const session = this.#pairings.get(key);
    if (!session) return;
    this.#pairings.delete(key);
    clearTimeout(session.timer);
    await session.handler.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#rescan);
    await Promise.all([...this.#pairings.keys()].map((k) => this.#endPairing(k)));
    await Promise.all(
      this.devices.map(async (entry) => {
        await entry.managed?.close();
        entry.stop?.();
      }),
    );
    this.removeAllListeners();
  }
}

export function parseProtocol(name: string): Protocol {
  const match = Object.entries(Protocol).find(([key]) => key.toLowerCase() === name.toLowerCase());
  if (!match) throw new HttpFailure(400, "BAD_REQUEST", `unknown protocol ${name}`);
  return match[1];
}

export function protocolName(protocol: Protocol): string {
  return nameOf(Protocol, protocol).toLowerCase();
}
