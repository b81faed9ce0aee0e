/**
 * FileStorage against pydantic-equivalent fixtures (see ../fixtures/README.md): a file
 * with every settings section populated, as pyatv 0.18 writes it, and a hand-edited
 * file holding values pyatv's pydantic models coerce.
 */
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Protocol } from "../../src/enums.js";
import { listSettingPaths, SETTING_FIELDS } from "../../src/settings/index.js";
import { FileStorage } from "../../src/storage/index.js";
import { TestConfig, TestService } from "./target.js";

const loose = (value: unknown): Record<string, unknown> => value as Record<string, unknown>;

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));
const ALL_SECTIONS = join(FIXTURES, "pyatv-0.18-all-sections.conf");
const COERCED = join(FIXTURES, "pyatv-0.18-coerced.conf");

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "atv-pyatv-fixtures-"));
  file = join(dir, "atv.conf");
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadedStorage(): Promise<FileStorage> {
  const storage = new FileStorage(file);
  await storage.load();
  return storage;
}

describe("a pyatv 0.18 file with every settings section populated", () => {
  it("loads every field with its value (none left at its default)", async () => {
    await copyFile(ALL_SECTIONS, file);
    const storage = await loadedStorage();
    expect(storage.settings).toHaveLength(1);
    const settings = storage.settings[0];
    if (!settings) throw new Error("no settings");
    expect(settings.info).toMatchObject({
      name: "Living Room Remote",
      mac: "0A:1B:2C:3D:4E:5F",
      model: "iPhone14,2",
      device_id: "AA:00:BB:11:CC:22",
      rp_id: "0f1e2d3c4b5a",
      os_name: "iPadOS",
      os_build: "21A329",
      os_version: "17.0",
    });
    expect(settings.protocols.airplay).toMatchObject({
      identifier: "AA:BB:CC:DD:EE:01",
      credentials: "a1:b2:c3:d4",
      password: "airpw",
      mrp_tunnel: "force",
    });
    expect(settings.protocols.companion.credentials).toBe("c1:c2:c3:c4");
    expect(settings.protocols.dmap.credentials).toBe("0x1122334455667788");
    expect(settings.protocols.mrp.credentials).toBe("m1:m2:m3:m4");
    expect(settings.protocols.raop).toMatchObject({
      identifier: "AABBCCDDEE01",
      credentials: "r1:r2:r3:r4",
      password: "raoppw",
      protocol_version: "1",
      timing_port: 50001,
      control_port: 50002,
    });
    // Every known leaf differs from its default except os_name (pyatv's default kept on purpose:
    // exclude_defaults drops it, so the file does not hold it).
    const defaults = new Map(SETTING_FIELDS.map((f) => [f.path, f.defaultValue]));
    const atDefault = listSettingPaths(settings)
      .filter((e) => e.value === defaults.get(e.path))
      .map((e) => e.path);
    expect(atDefault).toEqual([]);
  });

  it("keeps keys atv does not know, at every level", async () => {
    await copyFile(ALL_SECTIONS, file);
    const storage = await loadedStorage();
    const settings = storage.settings[0];
    expect(loose(settings?.info)["written_by_newer"]).toBe("x");
    expect(loose(settings?.protocols.raop)["future_raop_key"]).toEqual([1, 2]);
    expect(loose(settings?.protocols)["future_protocol"]).toEqual({ identifier: "F-2" });
  });

  it("round-trips byte for byte, also after a change is undone and through a second storage", async () => {
    await copyFile(ALL_SECTIONS, file);
    const original = await readFile(ALL_SECTIONS, "utf8");
    const storage = await loadedStorage();
    expect(storage.changed).toBe(false);
    const config = new TestConfig().add(
      new TestService(Protocol.MRP, "6D797FD3-3538-427E-A47B-A32FC6CF3A70"),
    );
    const settings = await storage.getSettings(config);
    expect(settings).toBe(storage.settings[0]);
    settings.protocols.mrp.credentials = "changed";
    await storage.save();
    expect(await readFile(file, "utf8")).not.toBe(original);
    settings.protocols.mrp.credentials = "m1:m2:m3:m4";
    await storage.save();
    expect(await readFile(file, "utf8")).toBe(original);
    const other = await loadedStorage();
    expect(other.settings).toEqual(storage.settings);
    await other.save();
    expect(await readFile(file, "utf8")).toBe(original);
  });
});

describe("values pyatv's pydantic models coerce", () => {
  it("loads them instead of rejecting the file, as pyatv does", async () => {
    await copyFile(COERCED, file);
    const storage = await loadedStorage();
    expect(storage.settings).toHaveLength(2);
    const [first, second] = storage.settings;
    // int fields: a digit string and a whole float (lax mode).
    expect(first?.protocols.raop.timing_port).toBe(50001);
    expect(first?.protocols.raop.control_port).toBe(50002);
    // The MAC check is a regex match at the start (re.match): lower case and trailing text pass.
    expect(first?.info.mac).toBe("0a:1b:2c:3d:4e:5f");
    expect(second?.info.mac).toBe("0A:1B:2C:3D:4E:5F:00");
    // A bool is an int to pydantic's lax mode.
    expect(second?.protocols.raop.timing_port).toBe(1);
    expect(second?.protocols.raop.control_port).toBe(7);
    // No rp_id in the file: one is generated, as pyatv does.
    expect(first?.info.rp_id).toMatch(/^[0-9a-f]{12}$/);
  });

  it("writes the coerced values back in pyatv's types", async () => {
    await copyFile(COERCED, file);
    const storage = await loadedStorage();
    await storage.save();
    const written = JSON.parse(await readFile(file, "utf8")) as {
      devices: { protocols: { raop: Record<string, unknown> } }[];
    };
    expect(written.devices[0]?.protocols.raop).toMatchObject({ timing_port: 50001, control_port: 50002 });
    expect(written.devices[1]?.protocols.raop).toMatchObject({ timing_port: 1, control_port: 7 });
  });

  it("still rejects what pyatv rejects (a MAC that does not start like one)", async () => {
    const text = (await readFile(COERCED, "utf8")).replace("0a:1b:2c:3d:4e:5f", "0a-1b-2c-3d-4e-5f");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(file, text);
    await expect(loadedStorage()).rejects.toThrow(/MAC/);
  });
});
