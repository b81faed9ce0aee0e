import { PairingRequirement, Protocol, nameOf } from "../enums.js";
import { CaseInsensitiveProperties } from "./properties.js";

export interface ServiceSettings {
  credentials: string | undefined;
  password: string | undefined;
}

export interface ServiceInit {
  identifier?: string | undefined;
  protocol: Protocol;
  port: number;
  properties?: Iterable<[string, string]> | Readonly<Record<string, string>> | undefined;
  credentials?: string | undefined;
  password?: string | undefined;
  requiresPassword?: boolean;
  pairing?: PairingRequirement;
  enabled?: boolean;
}

/** One protocol's service on a device: where it listens and how to authenticate. */
export class BaseService {
  readonly protocol: Protocol;
  identifier: string | undefined;
  port: number;
  readonly properties: CaseInsensitiveProperties;
  credentials: string | undefined;
  password: string | undefined;
  /** Whether the service needs a password (RAOP/AirPlay). */
  requiresPassword: boolean;
  /** The protocol's own pairing requirement (not whether credentials exist). */
  pairing: PairingRequirement;
  /** A disabled service is not connected, but its identifier and info are still used. */
  enabled: boolean;

  constructor(init: ServiceInit) {
    if (!Number.isInteger(init.port) || init.port < 0 || init.port > 65535) {
      throw new RangeError(`port must be an integer 0–65535, got ${init.port}`);
    }
    this.protocol = init.protocol;
    this.identifier = init.identifier;
    this.port = init.port;
    this.properties = new CaseInsensitiveProperties(init.properties);
    this.credentials = init.credentials;
    this.password = init.password;
    this.requiresPassword = init.requiresPassword ?? false;
    this.pairing = init.pairing ?? PairingRequirement.Unsupported;
    this.enabled = init.enabled ?? true;
  }

  /**
   * Merges another service of the same protocol into this one (pyatv's rule):
   * identifier and port stay; credentials and password are taken when the other
   * has them; TXT properties are merged (the other's values win).
   */
  merge(other: BaseService): void {
    if (other.protocol !== this.protocol) {
      throw new TypeError(
        `cannot merge a ${nameOf(Protocol, other.protocol)} service into ${nameOf(Protocol, this.protocol)}`,
      );
    }
    if (other.credentials) this.credentials = other.credentials;
    if (other.password) this.password = other.password;
    for (const [k, v] of other.properties) this.properties.set(k, v);
  }

  settings(): ServiceSettings {
    return { credentials: this.credentials, password: this.password };
  }

  /** Copies non-empty values in (pyatv's `stored or current`). */
  apply(settings: Partial<Record<keyof ServiceSettings, string | null | undefined>>): void {
    if (settings.credentials) this.credentials = settings.credentials;
    if (settings.password) this.password = settings.password;
  }

  clone(): BaseService {
    return new BaseService({
      identifier: this.identifier,
      protocol: this.protocol,
      port: this.port,
      properties: this.properties,
      credentials: this.credentials,
      password: this.password,
      requiresPassword: this.requiresPassword,
      pairing: this.pairing,
      enabled: this.enabled,
    });
  }

  /** One line: protocol, port, credentials (masked unless `showSecrets`), password, pairing. */
  toString(showSecrets = false): string {
    const secret = (v: string | undefined): string => (v === undefined ? "None" : showSecrets ? v : "<set>");
    return (
      `Protocol: ${nameOf(Protocol, this.protocol)}, Port: ${this.port}, Credentials: ${secret(this.credentials)}, ` +
      `Requires Password: ${this.requiresPassword ? "True" : "False"}, Password: ${secret(this.password)}, ` +
      `Pairing: ${nameOf(PairingRequirement, this.pairing)}` +
      (this.enabled ? "" : " (Disabled)")
    );
  }
}

/** A service built by hand (pyatv's ManualService). */
export class ManualService extends BaseService {
  constructor(
    identifier: string | undefined,
    protocol: Protocol,
    port: number,
    properties?: Readonly<Record<string, string>>,
    options: Omit<ServiceInit, "identifier" | "protocol" | "port" | "properties"> = {},
  ) {
    super({ identifier, protocol, port, properties, ...options });
  }
}
