import { describe, expect, it } from "vitest";
import { SettingsError, isAtvError } from "../../src/errors.js";
import {
  SETTING_FIELDS,
  createSettings,
  getSettingPath,
  parseSettings,
  settingsToJson,
  type Settings,
} from "../../src/settings/index.js";

/** Unknown keys are kept at run time but not typed (typos must not compile): read them loosely. */
const loose = (value: unknown): Record<string, unknown> => value as Record<string, unknown>;

const RP_ID = /^[0-9a-f]{12}$/;

/** pyatv 0.18 defaults (pyatv-api.md §8, devices.md §6). */
const PYATV_DEFAULTS: Record<string, string | number | null> = {
  "info.name": "pyatv",
  "info.mac": "02:70:79:61:74:76",
  "info.model": "iPhone10,6",
  "info.device_id": "FF:70:79:61:74:76",
  "info.os_name": "iPhone OS",
  "info.os_build": "18G82",
  "info.os_version": "14.7.1",
  "protocols.airplay.identifier": null,
  "protocols.airplay.credentials": null,
  "protocols.airplay.password": null,
  "protocols.airplay.mrp_tunnel": "auto",
  "protocols.companion.identifier": null,
  "protocols.companion.credentials": null,
  "protocols.dmap.identifier": null,
  "protocols.dmap.credentials": null,
  "protocols.mrp.identifier": null,
  "protocols.mrp.credentials": null,
  "protocols.raop.identifier": null,
  "protocols.raop.credentials": null,
  "protocols.raop.password": null,
  "protocols.raop.protocol_version": "auto",
  "protocols.raop.timing_port": 0,
  "protocols.raop.control_port": 0,
};

function errorOf(fn: () => unknown): SettingsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error("expected a SettingsError");
}

describe("values pyatv's pydantic model coerces are accepted", () => {
  it("ports: digit strings, whole floats and bools become integers; defaults stay 0", () => {
    const s = parseSettings({ protocols: { raop: { timing_port: " 5000", control_port: 7.0 } } });
    expect(s.protocols.raop.timing_port).toBe(5000);
    expect(s.protocols.raop.control_port).toBe(7);
    expect(parseSettings({ protocols: { raop: { timing_port: true } } }).protocols.raop.timing_port).toBe(1);
    expect(parseSettings({}).protocols.raop.timing_port).toBe(0);
    expect(() => parseSettings({ protocols: { raop: { timing_port: "abc" } } })).toThrow(SettingsError);
    expect(() => parseSettings({ protocols: { raop: { timing_port: 1.5 } } })).toThrow(SettingsError);
  });
});

describe("settings types name only the known keys", () => {
  it("a misspelt key does not compile (checked by tsc through @ts-expect-error)", () => {
    const s = createSettings();
    // @ts-expect-error: os_bulid is a typo of os_build
    expect(s.info.os_bulid).toBeUndefined();
    // @ts-expect-error: unknown keys are not accepted by createSettings either
    createSettings({ info: { nmae: "x" } });
    expect(s.info.os_build).toBe("18G82");
  });
});

describe("createSettings", () => {
  it.each(Object.entries(PYATV_DEFAULTS))("%s defaults to %j", (path, expected) => {
    expect(getSettingPath(createSettings(), path)).toBe(expected);
  });

  it("has exactly pyatv's fields (plus rp_id), snake_case", () => {
    const paths = SETTING_FIELDS.map((f) => f.path);
    expect(paths.filter((p) => p !== "info.rp_id").sort()).toEqual(Object.keys(PYATV_DEFAULTS).sort());
    const full = settingsToJson(createSettings());
    expect(Object.keys(full)).toEqual(["info", "protocols"]);
    expect(Object.keys(full["protocols"] as object)).toEqual(["airplay", "companion", "dmap", "mrp", "raop"]);
  });

  it("generates a random 12-hex-character rp_id per settings object", () => {
    const a = createSettings().info.rp_id;
    const b = createSettings().info.rp_id;
    expect(a).toMatch(RP_ID);
    expect(b).toMatch(RP_ID);
    expect(a).not.toBe(b);
  });

  it("keeps a given rp_id and regenerates a null one", () => {
    expect(createSettings({ info: { rp_id: "cafecafecafe" } }).info.rp_id).toBe("cafecafecafe");
    expect(createSettings({ info: { rp_id: null } }).info.rp_id).toMatch(RP_ID);
    expect(parseSettings({ info: { rp_id: "" } }).info.rp_id).toBe("");
  });

  it("applies overrides and keeps the other defaults", () => {
    const s = createSettings({
      info: { name: "living room remote" },
      protocols: { raop: { timing_port: 5000 } },
    });
    expect(s.info.name).toBe("living room remote");
    expect(s.info.model).toBe("iPhone10,6");
    expect(s.protocols.raop.timing_port).toBe(5000);
    expect(s.protocols.raop.control_port).toBe(0);
    expect(s.protocols.mrp.credentials).toBeNull();
  });
});

describe("parseSettings", () => {
  it("keeps unknown keys at every level", () => {
    const s = parseSettings({
      info: { name: "x", future: 1 },
      protocols: { airplay: { future: true }, newproto: { identifier: "n" } },
      toplevel: ["a"],
    });
    expect(loose(s.info)["future"]).toBe(1);
    expect(loose(s.protocols.airplay)["future"]).toBe(true);
    expect(loose(s.protocols)["newproto"]).toEqual({ identifier: "n" });
    expect(loose(s)["toplevel"]).toEqual(["a"]);
  });

  it("does not share objects with its input", () => {
    const input = { info: { extra: { deep: 1 } }, protocols: { mrp: { identifier: "m" } } };
    const s = parseSettings(input);
    input.protocols.mrp.identifier = "changed";
    input.info.extra.deep = 2;
    expect(s.protocols.mrp.identifier).toBe("m");
    expect(loose(s.info)["extra"]).toEqual({ deep: 1 });
  });

  it.each([
    [{ info: { mac: "not-a-mac" } }, "info.mac: invalid MAC address"],
    [{ info: { mac: "0:70:79:61:74:76:00" } }, "info.mac: invalid MAC address"],
    [{ info: { mac: "02-70-79-61-74-76" } }, "info.mac: invalid MAC address"],
  ])("rejects a bad MAC %j", (input, message) => {
    const error = errorOf(() => parseSettings(input));
    expect(error.message).toBe(message);
    expect(error.code).toBe("SETTINGS");
    expect(isAtvError(error)).toBe(true);
  });

  it("accepts text after a valid MAC, as pyatv's re.match (anchored at the start only) does", () => {
    expect(parseSettings({ info: { mac: "02:70:79:61:74:76:00" } }).info.mac).toBe("02:70:79:61:74:76:00");
  });

  it("accepts MACs in either case", () => {
    expect(parseSettings({ info: { mac: "aa:BB:cc:DD:ee:FF" } }).info.mac).toBe("aa:BB:cc:DD:ee:FF");
  });

  it.each([
    [{ protocols: { raop: { protocol_version: 1 } } }, "protocols.raop.protocol_version"],
    [{ protocols: { raop: { protocol_version: "3" } } }, "protocols.raop.protocol_version"],
    [{ protocols: { airplay: { mrp_tunnel: "sometimes" } } }, "protocols.airplay.mrp_tunnel"],
    // pydantic rejects "five" too; "5000" is coerced (see "values pyatv's pydantic model coerces").
    [{ protocols: { raop: { timing_port: "five" } } }, "protocols.raop.timing_port"],
    [{ protocols: { raop: { control_port: 70000 } } }, "protocols.raop.control_port"],
    [{ protocols: { raop: { control_port: 1.5 } } }, "protocols.raop.control_port"],
    [{ protocols: { mrp: { credentials: 42 } } }, "protocols.mrp.credentials"],
    [{ info: { name: null } }, "info.name"],
    [{ info: "x" }, "info"],
    [{ protocols: { dmap: [] } }, "protocols.dmap"],
  ])("names the bad path for %j", (input, path) => {
    expect(errorOf(() => parseSettings(input)).message).toMatch(
      new RegExp(`^${path.replace(/\./g, "\\.")}: `),
    );
  });

  it("names the root for a non-object and every bad path at once", () => {
    expect(errorOf(() => parseSettings("settings")).message).toMatch(/^\(root\): /);
    const message = errorOf(() =>
      parseSettings({ info: { mac: "x" }, protocols: { raop: { timing_port: -1 } } }),
    ).message;
    expect(message).toContain("info.mac: invalid MAC address");
    expect(message).toContain("protocols.raop.timing_port: ");
  });

  it("uses a path prefix when given", () => {
    const error = errorOf(() => parseSettings({ info: { mac: "x" } }, { pathPrefix: "devices[3]" }));
    expect(error.message).toBe("devices[3].info.mac: invalid MAC address");
  });

  it("rejects data that is not plain", () => {
    expect(errorOf(() => parseSettings({ info: { name: () => 1 } })).message).toMatch(/not plain JSON data/);
  });
});

describe("settingsToJson", () => {
  it("dumps only the rp_id of fresh settings with excludeDefaults (pyatv exclude_defaults)", () => {
    const s = createSettings();
    expect(settingsToJson(s, { excludeDefaults: true })).toEqual({ info: { rp_id: s.info.rp_id } });
  });

  it("dumps only non-default values, in pyatv's field order", () => {
    const s = createSettings();
    s.protocols.raop.control_port = 6001;
    s.protocols.raop.identifier = "AABBCCDDEEFF";
    s.protocols.airplay.mrp_tunnel = "force";
    s.info.os_version = "17.0";
    s.info.name = "pyatv"; // set, but equal to the default
    const dumped = settingsToJson(s, { excludeDefaults: true });
    expect(dumped).toEqual({
      info: { rp_id: s.info.rp_id, os_version: "17.0" },
      protocols: {
        airplay: { mrp_tunnel: "force" },
        raop: { identifier: "AABBCCDDEEFF", control_port: 6001 },
      },
    });
    expect(JSON.stringify(dumped)).toBe(
      `{"info":{"rp_id":"${s.info.rp_id}","os_version":"17.0"},"protocols":{"airplay":{"mrp_tunnel":"force"},` +
        `"raop":{"identifier":"AABBCCDDEEFF","control_port":6001}}}`,
    );
  });

  it("always writes unknown keys, after the known ones", () => {
    const s = parseSettings({
      zz: 1,
      protocols: { later: { a: [1] }, mrp: { x: null } },
      info: { rp_id: "r" },
    });
    expect(JSON.stringify(settingsToJson(s, { excludeDefaults: true }))).toBe(
      '{"info":{"rp_id":"r"},"protocols":{"mrp":{"x":null},"later":{"a":[1]}},"zz":1}',
    );
  });

  it("dumps every field without excludeDefaults", () => {
    const full = settingsToJson(createSettings());
    const info = full["info"] as Record<string, unknown>;
    expect(Object.keys(info)).toEqual([
      "name",
      "mac",
      "model",
      "device_id",
      "rp_id",
      "os_name",
      "os_build",
      "os_version",
    ]);
    expect((full["protocols"] as Record<string, Record<string, unknown>>)["raop"]).toEqual({
      identifier: null,
      credentials: null,
      password: null,
      protocol_version: "auto",
      timing_port: 0,
      control_port: 0,
    });
  });

  it("round-trips through parseSettings", () => {
    const s = parseSettings({
      protocols: { companion: { identifier: "c", credentials: "k" } },
      extra: { a: 1 },
    });
    for (const excludeDefaults of [true, false]) {
      expect(parseSettings(settingsToJson(s, { excludeDefaults }))).toEqual(s);
    }
  });

  it("validates live settings before dumping", () => {
    const s: Settings = createSettings();
    s.info.mac = "garbage";
    expect(errorOf(() => settingsToJson(s)).message).toBe("info.mac: invalid MAC address");
    s.info.mac = "02:70:79:61:74:76";
    loose(s.info)["bad"] = Number.NaN;
    expect(errorOf(() => settingsToJson(s)).message).toBe("info.bad: NaN cannot be written as JSON");
  });

  it("gives a live object with a null rp_id the id it writes", () => {
    const s = createSettings();
    (s.info as { rp_id: string | null }).rp_id = null;
    const dumped = settingsToJson(s, { excludeDefaults: true });
    expect(s.info.rp_id).toMatch(RP_ID);
    expect(dumped).toEqual({ info: { rp_id: s.info.rp_id } });
  });
});
