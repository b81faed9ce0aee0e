import { describe, expect, it } from "vitest";
import { Protocol } from "../../src/enums.js";
import { DeviceIdMissingError, SettingsError } from "../../src/errors.js";
import { createSettings } from "../../src/settings/index.js";
import { MemoryStorage, applySettings, type Storage } from "../../src/storage/index.js";
import { TestConfig, TestService } from "./target.js";

function device(protocol: Protocol, id: string, credentials?: string, password?: string): TestConfig {
  return new TestConfig().add(new TestService(protocol, id, credentials, password));
}

async function loaded(): Promise<MemoryStorage> {
  const storage = new MemoryStorage();
  await storage.load();
  return storage;
}

describe("MemoryStorage.getSettings", () => {
  it("raises DeviceIdMissingError for a config without identifiers", async () => {
    const storage = await loaded();
    await expect(storage.getSettings(new TestConfig("Kitchen"))).rejects.toThrow(DeviceIdMissingError);
    const noId = new TestConfig("Kitchen").add(new TestService(Protocol.MRP, undefined, "creds"));
    await expect(storage.getSettings(noId)).rejects.toThrow("no identifier for device Kitchen");
    expect(storage.settings).toHaveLength(0);
  });

  it.each([
    [Protocol.AirPlay, "airplay", true],
    [Protocol.Companion, "companion", false],
    [Protocol.DMAP, "dmap", false],
    [Protocol.MRP, "mrp", false],
    [Protocol.RAOP, "raop", true],
  ] as const)("creates an entry from a %s service", async (protocol, key, hasPassword) => {
    const storage = await loaded();
    const settings = await storage.getSettings(device(protocol, "id", "creds", "password"));
    expect(settings.info.name).toBe("pyatv");
    const section = settings.protocols[key] as unknown as Record<string, unknown>;
    expect(section["identifier"]).toBe("id");
    expect(section["credentials"]).toBe("creds");
    if (hasPassword) expect(section["password"]).toBe("password");
    else expect(section).not.toHaveProperty("password");
  });

  it("returns the same live object for the same device", async () => {
    const storage = await loaded();
    const config = device(Protocol.DMAP, "id");
    const first = await storage.getSettings(config);
    first.info.name = "changed";
    const second = await storage.getSettings(config);
    expect(second).toBe(first);
    expect(storage.settings).toHaveLength(1);
    expect(storage.settings[0]?.info.name).toBe("changed");
  });

  it("matches an entry by any protocol identifier", async () => {
    const storage = await loaded();
    const full = new TestConfig()
      .add(new TestService(Protocol.MRP, "mrp-id"))
      .add(new TestService(Protocol.AirPlay, "AA:BB:CC:DD:EE:FF", "air"))
      .add(new TestService(Protocol.RAOP, "AABBCCDDEEFF"))
      .add(new TestService(Protocol.Companion, "comp-id"))
      .add(new TestService(Protocol.DMAP, "dmap-id"));
    const entry = await storage.getSettings(full);
    for (const [protocol, id] of [
      [Protocol.MRP, "mrp-id"],
      [Protocol.AirPlay, "AA:BB:CC:DD:EE:FF"],
      [Protocol.RAOP, "AABBCCDDEEFF"],
      [Protocol.Companion, "comp-id"],
      [Protocol.DMAP, "dmap-id"],
    ] as const) {
      // A scan that only saw one protocol still finds the entry.
      expect(await storage.getSettings(device(protocol, id))).toBe(entry);
    }
    // An identifier seen under another protocol also matches (any overlap counts).
    expect(await storage.getSettings(device(Protocol.MRP, "AABBCCDDEEFF"))).toBe(entry);
    expect(storage.settings).toHaveLength(1);
    expect(await storage.getSettings(device(Protocol.MRP, "other"))).not.toBe(entry);
    expect(storage.settings).toHaveLength(2);
  });

  it("keeps devices apart", async () => {
    const storage = await loaded();
    const a = await storage.getSettings(device(Protocol.DMAP, "id1"));
    const b = await storage.getSettings(device(Protocol.DMAP, "id2"));
    a.info.name = "first";
    b.info.name = "second";
    expect((await storage.getSettings(device(Protocol.DMAP, "id1"))).info.name).toBe("first");
    expect(storage.settings).toEqual([a, b]);
  });

  it.each([Protocol.AirPlay, Protocol.Companion, Protocol.MRP, Protocol.RAOP])(
    "prefers what is stored over later changes to the config (%s)",
    async (protocol) => {
      const storage = await loaded();
      const dmap = new TestService(Protocol.DMAP, "id1");
      const other = new TestService(protocol, "id2", "creds");
      const config = new TestConfig().add(dmap).add(other);
      await storage.getSettings(config);
      dmap.credentials = "dmap_creds";
      const settings = await storage.getSettings(config);
      expect(settings.protocols.dmap.credentials).toBeNull();
      expect(settings.protocols.dmap.identifier).toBe("id1");
    },
  );
});

describe("MemoryStorage.updateSettings / removeSettings", () => {
  it.each([Protocol.AirPlay, Protocol.Companion, Protocol.DMAP, Protocol.MRP, Protocol.RAOP])(
    "writes changed credentials back (%s)",
    async (protocol) => {
      const storage = await loaded();
      const service = new TestService(protocol, "id2", "test");
      const config = new TestConfig().add(service);
      const settings = await storage.getSettings(config);
      service.credentials = "foobar";
      await storage.updateSettings(config);
      const again = await storage.getSettings(config);
      expect(again).toBe(settings);
      expect(JSON.stringify(again.protocols)).toContain('"credentials":"foobar"');
    },
  );

  it("writes passwords for AirPlay and RAOP and keeps values the config does not have", async () => {
    const storage = await loaded();
    const raop = new TestService(Protocol.RAOP, "r", "creds");
    const config = new TestConfig().add(raop);
    const settings = await storage.getSettings(config);
    raop.password = "pw";
    raop.credentials = undefined;
    await storage.updateSettings(config);
    expect(settings.protocols.raop.password).toBe("pw");
    expect(settings.protocols.raop.credentials).toBe("creds");
  });

  it("removes entries by identity", async () => {
    const storage = await loaded();
    const settings = await storage.getSettings(device(Protocol.DMAP, "id"));
    expect(await storage.removeSettings(createSettings())).toBe(false);
    expect(await storage.removeSettings(settings)).toBe(true);
    expect(storage.settings).toHaveLength(0);
    expect(await storage.removeSettings(settings)).toBe(false);
  });
});

describe("MemoryStorage change tracking", () => {
  it("tracks changes against the last save", async () => {
    const storage: MemoryStorage = await loaded();
    const settings = await storage.getSettings(device(Protocol.DMAP, "id1"));
    expect(storage.changed).toBe(true);
    await storage.save();
    expect(storage.changed).toBe(false);
    settings.info.name = "test";
    expect(storage.changed).toBe(true);
    settings.info.name = "pyatv";
    expect(storage.changed).toBe(false);
  });

  it("validates entries when dumping", async () => {
    const storage = await loaded();
    const settings = await storage.getSettings(device(Protocol.DMAP, "id1"));
    settings.protocols.raop.timing_port = -5;
    await expect(storage.save()).rejects.toThrow(SettingsError);
    await expect(storage.save()).rejects.toThrow(/^devices\[0\]\.protocols\.raop\.timing_port: /);
  });
});

describe("abort signals", () => {
  it("rejects every call with the abort reason of an aborted signal", async () => {
    const storage: Storage = await loaded();
    const controller = new AbortController();
    const reason = new Error("stop");
    controller.abort(reason);
    const options = { signal: controller.signal };
    const config = device(Protocol.MRP, "id");
    await expect(storage.load(options)).rejects.toBe(reason);
    await expect(storage.save(options)).rejects.toBe(reason);
    await expect(storage.getSettings(config, options)).rejects.toBe(reason);
    await expect(storage.updateSettings(config, options)).rejects.toBe(reason);
    await expect(storage.removeSettings(createSettings(), options)).rejects.toBe(reason);
    expect(storage.settings).toHaveLength(0);
  });
});

describe("applySettings", () => {
  it("copies stored credentials and passwords into the services", () => {
    const settings = createSettings({
      protocols: {
        airplay: { credentials: "air", password: "airpw" },
        raop: { credentials: "raop", password: "raoppw" },
        mrp: { credentials: "mrp" },
        companion: { credentials: "comp" },
        dmap: { credentials: "0x0011223344556677" },
      },
    });
    const config = new TestConfig();
    for (const p of [Protocol.AirPlay, Protocol.RAOP, Protocol.MRP, Protocol.Companion, Protocol.DMAP]) {
      config.add(new TestService(p, "id", "old", "oldpw"));
    }
    applySettings(config, settings);
    expect(config.get(Protocol.AirPlay)).toMatchObject({ credentials: "air", password: "airpw" });
    expect(config.get(Protocol.RAOP)).toMatchObject({ credentials: "raop", password: "raoppw" });
    expect(config.get(Protocol.MRP)).toMatchObject({ credentials: "mrp", password: "oldpw" });
    expect(config.get(Protocol.Companion)).toMatchObject({ credentials: "comp", password: "oldpw" });
    expect(config.get(Protocol.DMAP)).toMatchObject({ credentials: "0x0011223344556677", password: "oldpw" });
  });

  it("leaves a service alone where nothing (or an empty string) is stored, like pyatv's `or`", () => {
    const settings = createSettings({ protocols: { airplay: { credentials: "", password: null } } });
    const config = new TestConfig().add(new TestService(Protocol.AirPlay, "id", "mine", "pw"));
    applySettings(config, settings);
    expect(config.get(Protocol.AirPlay)).toMatchObject({ credentials: "mine", password: "pw" });
  });
});
