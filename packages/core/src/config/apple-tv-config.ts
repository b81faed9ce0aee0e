import { isDeepStrictEqual } from "node:util";
import { Protocol, nameOf } from "../enums.js";
import { DeviceInfo } from "../device-info/index.js";
import type { Settings } from "../settings/index.js";
import { applySettings } from "../storage/index.js";
import type { BaseService } from "./service.js";

/** Order in which a device's identifier is picked among its services. */
export const identifierPriority: readonly Protocol[] = [
  Protocol.MRP,
  Protocol.DMAP,
  Protocol.AirPlay,
  Protocol.RAOP,
  Protocol.Companion,
];
/** Order in which `mainService()` picks a service. */
const mainServicePriority: readonly Protocol[] = [
  Protocol.MRP,
  Protocol.DMAP,
  Protocol.AirPlay,
  Protocol.RAOP,
];

export interface AppleTVConfigInit {
  address: string;
  name: string;
  deepSleep?: boolean;
  /** Service type → TXT properties, as discovered. */
  properties?: ReadonlyMap<string, Readonly<Record<string, string>>>;
  deviceInfo?: DeviceInfo;
}

/** A device as found by scan() or built by hand: its address, name and services (at most one per protocol). */
export class AppleTVConfig {
  readonly address: string;
  readonly name: string;
  deepSleep: boolean;
  readonly properties: Map<string, Readonly<Record<string, string>>>;
  deviceInfo: DeviceInfo;
  readonly #services = new Map<Protocol, BaseService>();

  constructor(init: AppleTVConfigInit) {
    this.address = init.address;
    this.name = init.name;
    this.deepSleep = init.deepSleep ?? false;
    this.properties = new Map(init.properties ?? []);
    this.deviceInfo = init.deviceInfo ?? new DeviceInfo({});
  }

  /** Services in identifier priority order. */
  get services(): BaseService[] {
    const ordered = identifierPriority.map((p) => this.#services.get(p)).filter((s): s is BaseService => !!s);
    return ordered;
  }

  /** Adds a service; a second service of the same protocol is merged into the first. */
  addService(service: BaseService): void {
    const existing = this.#services.get(service.protocol);
    if (existing) existing.merge(service);
    else this.#services.set(service.protocol, service);
  }

  getService(protocol: Protocol): BaseService | undefined {
    return this.#services.get(protocol);
  }

  /** True when at least one service has an identifier. */
  get ready(): boolean {
    return this.services.some((s) => s.identifier !== undefined);
  }

  /** The first identifier in the order MRP, DMAP, AirPlay, RAOP, Companion. */
  get identifier(): string | undefined {
    return this.services.find((s) => s.identifier !== undefined)?.identifier;
  }

  get allIdentifiers(): string[] {
    return this.services.map((s) => s.identifier).filter((id): id is string => id !== undefined);
  }

  /** The main service (MRP, DMAP, AirPlay, RAOP), or the one for `protocol`. Throws when missing. */
  mainService(protocol?: Protocol): BaseService {
    const order = protocol !== undefined ? [protocol] : mainServicePriority;
    for (const p of order) {
      const s = this.#services.get(p);
      if (s) return s;
    }
    throw new RangeError(
      protocol !== undefined
        ? `no ${nameOf(Protocol, protocol)} service in config`
        : "no main service in config",
    );
  }

  /** Sets credentials on a protocol's service; false when the config has no such service. */
  setCredentials(protocol: Protocol, credentials: string): boolean {
    const s = this.#services.get(protocol);
    if (!s) return false;
    s.credentials = credentials;
    return true;
  }

  /** Applies stored settings (credentials and passwords per protocol). */
  apply(settings: Settings): void {
    applySettings(this, settings);
  }

  /** Configs are equal when their identifiers are. */
  equals(other: AppleTVConfig): boolean {
    return this.identifier !== undefined && this.identifier === other.identifier;
  }

  /** A deep copy (connect() works on a copy). */
  clone(): AppleTVConfig {
    const copy = new AppleTVConfig({
      address: this.address,
      name: this.name,
      deepSleep: this.deepSleep,
      properties: new Map([...this.properties].map(([k, v]) => [k, { ...v }])),
      deviceInfo: this.deviceInfo,
    });
    for (const s of this.#services.values()) copy.addService(s.clone());
    return copy;
  }

  /** Structural equality of everything (used by tests). */
  sameAs(other: AppleTVConfig): boolean {
    return (
      this.address === other.address &&
      this.name === other.name &&
      this.deepSleep === other.deepSleep &&
      isDeepStrictEqual(
        this.services.map((s) => [s.protocol, s.identifier, s.port, s.credentials, s.password, s.enabled]),
        other.services.map((s) => [s.protocol, s.identifier, s.port, s.credentials, s.password, s.enabled]),
      )
    );
  }

  /** The block atvremote prints for `scan`. */
  toString(showSecrets = false): string {
    const info = this.deviceInfo;
    const lines = [
      `       Name: ${this.name}`,
      `   Model/SW: ${info.toString()}`,
      `    Address: ${this.address}`,
      `        MAC: ${info.mac ?? "None"}`,
      ` Deep Sleep: ${this.deepSleep ? "True" : "False"}`,
      "Identifiers:",
      ...this.allIdentifiers.map((id) => ` - ${id}`),
      "Services:",
      ...this.services.map((s) => ` - ${s.toString(showSecrets)}`),
    ];
    return lines.join("\n");
  }
}
