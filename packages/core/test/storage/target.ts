/** A minimal device configuration satisfying `SettingsTarget` (like pyatv's conf.AppleTV). */
import { Protocol } from "../../src/enums.js";
import type { SettingsTarget, SettingsTargetService } from "../../src/storage/index.js";

export class TestService implements SettingsTargetService {
  constructor(
    readonly protocol: Protocol,
    readonly identifier: string | undefined,
    public credentials: string | undefined = undefined,
    public password: string | undefined = undefined,
  ) {}
}

const ORDER = [Protocol.MRP, Protocol.DMAP, Protocol.AirPlay, Protocol.RAOP, Protocol.Companion];

export class TestConfig implements SettingsTarget {
  readonly services: TestService[] = [];
  constructor(readonly name = "test") {}

  add(service: TestService): this {
    this.services.push(service);
    return this;
  }

  get(protocol: Protocol): TestService {
    const found = this.services.find((s) => s.protocol === protocol);
    if (found === undefined) throw new Error(`no ${protocol} service`);
    return found;
  }

  get identifier(): string | undefined {
    for (const protocol of ORDER) {
      const id = this.services.find((s) => s.protocol === protocol)?.identifier;
      if (id !== undefined) return id;
    }
    return undefined;
  }

  get allIdentifiers(): string[] {
    return this.services.map((s) => s.identifier).filter((id): id is string => id !== undefined);
  }
}
