import { describe, expect, it } from "vitest";
import { SettingsError } from "../../src/errors.js";
import {
  createSettings,
  formatSettingPathEntry,
  getSettingPath,
  listSettingPaths,
  setSettingPath,
  unsetSettingPath,
} from "../../src/settings/index.js";

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message;
  }
  throw new Error("expected a SettingsError");
}

describe("getSettingPath", () => {
  it("reads values by pyatv path", () => {
    const s = createSettings({ protocols: { mrp: { credentials: "creds" } } });
    expect(getSettingPath(s, "protocols.mrp.credentials")).toBe("creds");
    expect(getSettingPath(s, "info.rp_id")).toBe(s.info.rp_id);
    expect(getSettingPath(s, "protocols.raop.timing_port")).toBe(0);
  });

  it.each([
    "info",
    "protocols.mrp",
    "protocols.mrp.password",
    "info.Name",
    "",
    "protocols.mrp.credentials.x",
  ])("rejects the unknown path %j", (path) => {
    expect(messageOf(() => getSettingPath(createSettings(), path))).toBe(`${path}: unknown setting path`);
  });
});

describe("setSettingPath", () => {
  it.each([
    ["info.name", "My Remote", "My Remote"],
    ["info.os_build", "19G82", "19G82"],
    ["info.mac", "AA:BB:CC:DD:EE:FF", "AA:BB:CC:DD:EE:FF"],
    ["protocols.raop.protocol_version", "1", "1"],
    ["protocols.raop.protocol_version", "2", "2"],
    ["protocols.airplay.mrp_tunnel", "disable", "disable"],
    ["protocols.raop.timing_port", "5000", 5000],
    ["protocols.raop.control_port", " 6001 ", 6001],
    ["protocols.airplay.password", "1234", "1234"],
    ["protocols.companion.identifier", "0", "0"],
  ])("sets %s from %j", (path, text, expected) => {
    const s = createSettings();
    setSettingPath(s, path, text);
    expect(getSettingPath(s, path)).toStrictEqual(expected);
  });

  it.each([
    ["info.mac", "nope", "info.mac: invalid MAC address"],
    ["protocols.raop.timing_port", "50x", 'protocols.raop.timing_port: expected an integer, got "50x"'],
    ["protocols.raop.timing_port", "1.5", 'protocols.raop.timing_port: expected an integer, got "1.5"'],
    ["protocols.raop.timing_port", "65536", "protocols.raop.timing_port: "],
    ["protocols.raop.protocol_version", "3", "protocols.raop.protocol_version: "],
    ["protocols.airplay.mrp_tunnel", "Auto", "protocols.airplay.mrp_tunnel: "],
    ["protocols.nope.identifier", "x", "protocols.nope.identifier: unknown setting path"],
  ])("rejects %s = %j and leaves the settings unchanged", (path, text, message) => {
    const s = createSettings();
    const before = structuredClone(s);
    expect(messageOf(() => setSettingPath(s, path, text))).toContain(message);
    expect(s).toEqual(before);
  });
});

describe("unsetSettingPath", () => {
  it("restores defaults", () => {
    const s = createSettings();
    setSettingPath(s, "protocols.raop.password", "pw");
    setSettingPath(s, "info.name", "x");
    setSettingPath(s, "protocols.raop.control_port", "7");
    unsetSettingPath(s, "protocols.raop.password");
    unsetSettingPath(s, "info.name");
    unsetSettingPath(s, "protocols.raop.control_port");
    expect(s.protocols.raop.password).toBeNull();
    expect(s.info.name).toBe("pyatv");
    expect(s.protocols.raop.control_port).toBe(0);
  });

  it("gives info.rp_id a new random id", () => {
    const s = createSettings();
    const old = s.info.rp_id;
    unsetSettingPath(s, "info.rp_id");
    expect(s.info.rp_id).toMatch(/^[0-9a-f]{12}$/);
    expect(s.info.rp_id).not.toBe(old);
  });

  it("rejects unknown paths", () => {
    expect(messageOf(() => unsetSettingPath(createSettings(), "info.x"))).toBe(
      "info.x: unknown setting path",
    );
  });
});

describe("listSettingPaths", () => {
  it("lists every setting in pyatv's order with its type label", () => {
    const s = createSettings({ protocols: { airplay: { identifier: "58:D3:49:34:A4:B4" } } });
    const entries = listSettingPaths(s);
    expect(entries.map((e) => e.path)).toEqual([
      "info.name",
      "info.mac",
      "info.model",
      "info.device_id",
      "info.rp_id",
      "info.os_name",
      "info.os_build",
      "info.os_version",
      "protocols.airplay.identifier",
      "protocols.airplay.credentials",
      "protocols.airplay.password",
      "protocols.airplay.mrp_tunnel",
      "protocols.companion.identifier",
      "protocols.companion.credentials",
      "protocols.dmap.identifier",
      "protocols.dmap.credentials",
      "protocols.mrp.identifier",
      "protocols.mrp.credentials",
      "protocols.raop.identifier",
      "protocols.raop.credentials",
      "protocols.raop.password",
      "protocols.raop.protocol_version",
      "protocols.raop.timing_port",
      "protocols.raop.control_port",
    ]);
    const lines = entries.map(formatSettingPathEntry);
    // The lines pyatv's docs show for print_settings.
    expect(lines).toContain("info.name = pyatv (str)");
    expect(lines).toContain("info.os_build = 18G82 (str)");
    expect(lines).toContain("protocols.airplay.identifier = 58:D3:49:34:A4:B4 (str, NoneType)");
    expect(lines).toContain("protocols.raop.password = None (str, NoneType)");
    expect(lines).toContain("protocols.raop.protocol_version = auto (AirPlayVersion)");
    expect(lines).toContain("protocols.airplay.mrp_tunnel = auto (MrpTunnel)");
    expect(lines).toContain("protocols.raop.timing_port = 0 (int)");
    expect(lines).toContain(`info.rp_id = ${s.info.rp_id} (str, NoneType)`);
  });
});
