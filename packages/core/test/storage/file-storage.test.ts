import {
  copyFile,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  symlink,
  truncate,
  writeFile,
  lstat,
} from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Protocol } from "../../src/enums.js";
import { SettingsError } from "../../src/errors.js";
import { FileStorage, MAX_SETTINGS_FILE_BYTES } from "../../src/storage/index.js";
import { TestConfig, TestService } from "./target.js";

/** Unknown keys are kept at run time but not typed (typos must not compile): read them loosely. */
const loose = (value: unknown): Record<string, unknown> => value as Record<string, unknown>;

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));
const PYATV_018 = join(FIXTURES, "pyatv-0.18.conf");
const PYATV_014 = join(FIXTURES, "pyatv-0.14-no-rp-id.conf");

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "atv-storage-"));
  file = join(dir, "atv.conf");
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadedStorage(path = file): Promise<FileStorage> {
  const storage = new FileStorage(path);
  await storage.load();
  return storage;
}

async function identity(path: string): Promise<{ ino: number; mtimeMs: number }> {
  const s = await stat(path);
  return { ino: s.ino, mtimeMs: s.mtimeMs };
}

async function settingsErrorOf(promise: Promise<unknown>): Promise<SettingsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error("expected a SettingsError");
}

describe("FileStorage paths", () => {
  it("defaults to ~/.atv.conf and knows pyatv's ~/.pyatv.conf", () => {
    expect(FileStorage.defaultPath()).toBe(join(homedir(), ".atv.conf"));
    expect(FileStorage.pyatvDefaultPath()).toBe(join(homedir(), ".pyatv.conf"));
    expect(FileStorage.defaultStorage().path).toBe(FileStorage.defaultPath());
    expect(String(new FileStorage("/x/.pyatv.conf"))).toBe("FileStorage:/x/.pyatv.conf");
  });
});

describe("FileStorage.load", () => {
  it("does nothing when the file is missing", async () => {
    const storage = await loadedStorage();
    expect(storage.settings).toHaveLength(0);
    await expect(stat(file)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("loads a file as a newer pyatv writes it, unknown keys included", async () => {
    await copyFile(PYATV_018, file);
    const storage = await loadedStorage();
    expect(storage.settings).toHaveLength(2);
    const [first, second] = storage.settings;
    expect(first?.info.name).toBe("Café Remote 📺");
    expect(first?.info.rp_id).toBe("a1b2c3d4e5f6");
    expect(first?.info.mac).toBe("02:70:79:61:74:76");
    expect(loose(first?.info)["future_info_key"]).toBe(42);
    expect(first?.protocols.airplay.mrp_tunnel).toBe("disable");
    expect(first?.protocols.raop).toMatchObject({
      password: "sécret",
      protocol_version: "2",
      timing_port: 5000,
    });
    expect(loose(first?.protocols)["future_protocol"]).toEqual({
      identifier: "FUTURE-1",
      flags: [1, 2.5, true, null],
    });
    expect(second?.protocols.dmap.credentials).toBe("0x0011223344556677");
    expect(second?.protocols.mrp.identifier).toBe("6D797FD3-3538-427E-A47B-A32FC6CF3A69");
  });

  it("finds a loaded device by any of its identifiers", async () => {
    await copyFile(PYATV_018, file);
    const storage = await loadedStorage();
    const config = new TestConfig().add(new TestService(Protocol.RAOP, "AABBCCDDEEFF"));
    expect(await storage.getSettings(config)).toBe(storage.settings[0]);
  });

  it.each([
    ["", /not valid JSON/],
    ["{", /not valid JSON/],
    ['{"version": 1, "devices": []} trailing', /not valid JSON/],
    ["[]", /expected a JSON object with "version" and "devices"/],
    ["null", /expected a JSON object/],
    ['{"devices": []}', /: version: missing$/],
    ['{"version": 2, "devices": []}', /: unsupported version: 2$/],
    ['{"version": "1", "devices": []}', /: unsupported version: "1"$/],
    ['{"version": 1}', /: devices: expected a list$/],
    ['{"version": 1, "devices": {}}', /: devices: expected a list$/],
    [
      '{"version": 1, "devices": [{}, {"info": {"mac": "zz"}}]}',
      /: devices\[1\]\.info\.mac: invalid MAC address$/,
    ],
    ['{"version": 1, "devices": [7]}', /: devices\[0\]: Invalid input/],
    [
      '{"version": 1, "devices": [{"protocols": {"raop": {"timing_port": "x"}}}]}',
      /: devices\[0\]\.protocols\.raop\.timing_port: /,
    ],
  ])("rejects the corrupt file %j naming the file and the problem", async (content, pattern) => {
    await writeFile(file, content);
    const error = await settingsErrorOf(loadedStorage());
    expect(error.message.startsWith(`${file}: `)).toBe(true);
    expect(error.message).toMatch(pattern);
  });

  it("keeps the current settings when a load fails", async () => {
    await copyFile(PYATV_018, file);
    const storage = await loadedStorage();
    const before = storage.settings;
    await writeFile(file, '{"version": 9, "devices": []}');
    await expect(storage.load()).rejects.toThrow(SettingsError);
    expect(storage.settings).toBe(before);
  });

  it("a save() after a failed load() does not overwrite the user's file", async () => {
    const broken = '{"version": 1, "devices": [ this is not json';
    await writeFile(file, broken);
    const storage = new FileStorage(file);
    await expect(storage.load()).rejects.toThrow(SettingsError);
    await storage.getSettings(new TestConfig("x").add(new TestService(Protocol.MRP, "id-1")));
    const error = await settingsErrorOf(storage.save());
    expect(error.message).toMatch(/not saved, because loading it failed/);
    expect(await readFile(file, "utf8")).toBe(broken);
    // Once the file loads again, saving works.
    await writeFile(file, '{"version": 1, "devices": []}');
    await storage.load();
    await storage.getSettings(new TestConfig("x").add(new TestService(Protocol.MRP, "id-1")));
    await storage.save();
    expect(await readFile(file, "utf8")).toContain("id-1");
  });

  it("refuses files over the size limit", async () => {
    await writeFile(file, "");
    await truncate(file, MAX_SETTINGS_FILE_BYTES + 1);
    expect((await settingsErrorOf(loadedStorage())).message).toMatch(/more than 16777216/);
  });

  it("wraps other read errors", async () => {
    const error = await settingsErrorOf(loadedStorage(dir)); // a directory
    expect(error.message).toMatch(new RegExp(`^${dir}: cannot read: `));
  });
});

describe("FileStorage.save", () => {
  it("does not rewrite a pyatv file it loaded unchanged (byte-identical dump)", async () => {
    await copyFile(PYATV_018, file);
    const before = await identity(file);
    const storage = await loadedStorage();
    expect(storage.changed).toBe(false);
    await storage.save();
    expect(await identity(file)).toEqual(before);
    expect(await readFile(file, "utf8")).toBe(await readFile(PYATV_018, "utf8"));
  });

  it("writes a file from an older pyatv once, adding the generated rp_id", async () => {
    await copyFile(PYATV_014, file);
    const storage = await loadedStorage();
    const rpId = storage.settings[0]?.info.rp_id ?? "";
    expect(rpId).toMatch(/^[0-9a-f]{12}$/);
    expect(storage.changed).toBe(true);
    await storage.save();
    expect(await readFile(file, "utf8")).toBe(
      `{"version": 1, "devices": [{"info": {"rp_id": "${rpId}"}, "protocols": {"airplay": ` +
        `{"identifier": "11:22:33:44:55:66", "credentials": "c1"}, "raop": {"identifier": "112233445566"}}}]}\n`,
    );
    const after = await identity(file);
    await storage.save();
    expect(await identity(file)).toEqual(after);
  });

  it("writes pyatv's format: one line, version 1, devices with defaults excluded", async () => {
    const storage = await loadedStorage();
    const config = new TestConfig()
      .add(new TestService(Protocol.MRP, "mrp-id", "mrp-creds"))
      .add(new TestService(Protocol.AirPlay, "AA:BB:CC:DD:EE:FF", undefined, "pw"));
    const settings = await storage.getSettings(config);
    settings.protocols.raop.timing_port = 5000;
    await storage.save();
    const text = await readFile(file, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    expect(text.slice(0, -1)).not.toContain("\n");
    expect(text).toBe(
      `{"version": 1, "devices": [{"info": {"rp_id": "${settings.info.rp_id}"}, "protocols": {"airplay": ` +
        `{"identifier": "AA:BB:CC:DD:EE:FF", "password": "pw"}, "mrp": {"identifier": "mrp-id", ` +
        `"credentials": "mrp-creds"}, "raop": {"timing_port": 5000}}}]}\n`,
    );
  });

  it("writes an empty storage as an empty device list", async () => {
    const storage = await loadedStorage();
    await storage.save();
    expect(await readFile(file, "utf8")).toBe('{"version": 1, "devices": []}\n');
  });

  it("writes only when the content changed, atomically, with mode 0600", async () => {
    const storage = await loadedStorage();
    const settings = await storage.getSettings(new TestConfig().add(new TestService(Protocol.DMAP, "d")));
    await storage.save();
    const first = await identity(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    await storage.save();
    expect(await identity(file)).toEqual(first);

    settings.protocols.dmap.credentials = "0x0011223344556677";
    await storage.save();
    const second = await stat(file);
    expect(second.ino).not.toBe(first.ino); // replaced by rename, not rewritten in place
    expect(second.mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["atv.conf"]); // no temporary file left
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({
      devices: [{ protocols: { dmap: { identifier: "d", credentials: "0x0011223344556677" } } }],
    });
  });

  it("tightens the mode of an existing world-readable file", async () => {
    await writeFile(file, '{"version": 1, "devices": []}\n', { mode: 0o644 });
    const storage = await loadedStorage();
    await storage.getSettings(new TestConfig().add(new TestService(Protocol.MRP, "m")));
    await storage.save();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("round-trips through a second storage", async () => {
    const storage = await loadedStorage();
    const config = new TestConfig().add(new TestService(Protocol.Companion, "c", "creds"));
    const settings = await storage.getSettings(config);
    settings.info.name = "Ünïcode ✓";
    settings.protocols.airplay.mrp_tunnel = "force";
    loose(settings.protocols)["future"] = { x: [1, "two"] };
    await storage.save();
    const other = await loadedStorage();
    expect(other.settings).toEqual(storage.settings);
    expect(other.changed).toBe(false);
    expect(await other.getSettings(config)).toEqual(settings);
  });

  it("writes through a symlink and keeps the link", async () => {
    const real = join(dir, "real.conf");
    await writeFile(real, '{"version": 1, "devices": []}\n');
    await symlink(real, file);
    const storage = await loadedStorage();
    await storage.getSettings(new TestConfig().add(new TestService(Protocol.MRP, "m")));
    await storage.save();
    expect((await lstat(file)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, "utf8")).toContain('"identifier": "m"');
  });

  it("reports a write error and leaves no temporary file", async () => {
    const storage = await loadedStorage(join(dir, "missing", "atv.conf"));
    await storage.getSettings(new TestConfig().add(new TestService(Protocol.MRP, "m")));
    const error = await settingsErrorOf(storage.save());
    expect(error.message).toMatch(/missing\/atv\.conf: cannot write: /);
    expect(await readdir(dir)).toEqual([]);
    expect(storage.changed).toBe(true);
  });

  it("runs concurrent loads and saves one at a time", async () => {
    const storage = await loadedStorage();
    const results = await Promise.all(
      ["a", "b", "c", "d"].map(async (id) => {
        await storage.getSettings(new TestConfig().add(new TestService(Protocol.MRP, id)));
        await storage.save();
      }),
    );
    expect(results).toHaveLength(4);
    const other = await loadedStorage();
    expect(other.settings.map((s) => s.protocols.mrp.identifier)).toEqual(["a", "b", "c", "d"]);
    expect(await readdir(dir)).toEqual(["atv.conf"]);
  });

  it("honours an aborted signal and leaves the file alone", async () => {
    await copyFile(PYATV_018, file);
    const storage = await loadedStorage();
    const before = await identity(file);
    storage.settings[0]!.info.name = "changed";
    const controller = new AbortController();
    controller.abort();
    await expect(storage.save({ signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    await expect(storage.load({ signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(await identity(file)).toEqual(before);
    expect(await readdir(dir)).toEqual(["atv.conf"]);
    expect(storage.settings[0]?.info.name).toBe("changed");
  });
});

describe("FileStorage logging", () => {
  it("logs to an injected logger and never logs credentials or passwords", async () => {
    const lines: string[] = [];
    const logger = Object.assign(
      (format: string, ...args: unknown[]) => lines.push([format, ...args].join(" ")),
      {
        enabled: true,
      },
    );
    await copyFile(PYATV_018, file);
    const storage = new FileStorage(file, { logger });
    await storage.load();
    storage.settings[1]!.protocols.mrp.credentials = "secret-creds";
    await storage.save();
    await storage.save();
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const all = lines.join("\n");
    expect(all).toContain(file);
    for (const secret of ["secret-creds", "8c5f4a3e", "sécret", "0x0011223344556677"])
      expect(all).not.toContain(secret);
  });
});
