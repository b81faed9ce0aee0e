import { describe, expect, it } from "vitest";
import { DeviceModel, OperatingSystem } from "../../src/enums.js";
import { DeviceInfo, mergeDeviceInfo, type DeviceInfoRecord } from "../../src/device-info/index.js";

describe("DeviceInfo", () => {
  it("is empty by default", () => {
    const info = new DeviceInfo();
    expect(info.operatingSystem).toBe(OperatingSystem.Unknown);
    expect(info.model).toBe(DeviceModel.Unknown);
    expect(info.version).toBeUndefined();
    expect(info.buildNumber).toBeUndefined();
    expect(info.rawModel).toBeUndefined();
    expect(info.mac).toBeUndefined();
    expect(info.outputDeviceId).toBeUndefined();
    expect(info.modelStr).toBe("Unknown");
    expect(String(info)).toBe("Unknown, Unknown OS");
  });

  it.each<[string, DeviceInfoRecord, string]>([
    [
      "pyatv's own example",
      { os: OperatingSystem.TvOS, version: "16.6", buildNumber: "20M73", model: DeviceModel.Gen4K },
      "Apple TV 4K, tvOS 16.6 build 20M73",
    ],
    [
      "version from the build table",
      { model: DeviceModel.Gen4K, buildNumber: "20M73" },
      "Apple TV 4K, tvOS 16.6 build 20M73",
    ],
    [
      "derived version",
      { model: DeviceModel.AppleTV4KGen3, buildNumber: "23L5455c" },
      "Apple TV 4K (gen 3), tvOS 26.x build 23L5455c",
    ],
    [
      "AirPort from the docs",
      { model: DeviceModel.AirPortExpressGen2, version: "7.8.1" },
      "AirPort Express (gen 2), AirPortOS 7.8.1",
    ],
    [
      "legacy Apple TV",
      { os: OperatingSystem.Legacy, version: "8.0.0", model: DeviceModel.Gen3 },
      "Apple TV 3, ATV SW 8.0.0",
    ],
    ["HomePod mini", { model: DeviceModel.HomePodMini, version: "14.5" }, "HomePod Mini, tvOS 14.5"],
    ["raw model shown", { rawModel: "Sonos One", version: "1.0" }, "Sonos One, Unknown OS 1.0"],
    ["Mac from raw model", { rawModel: "MacBookAir10,1", version: "13.0" }, "MacBookAir10,1, MacOS 13.0"],
    ["Music app", { model: DeviceModel.Music, os: OperatingSystem.MacOS }, "Music/iTunes, MacOS"],
    ["build only", { buildNumber: "nonsense" }, "Unknown, Unknown OS build nonsense"],
  ])("formats %s", (_name, record, expected) => {
    expect(new DeviceInfo(record).toString()).toBe(expected);
  });

  it.each<[DeviceModel, OperatingSystem]>([
    [DeviceModel.AirPortExpress, OperatingSystem.AirPortOS],
    [DeviceModel.AirPortExpressGen2, OperatingSystem.AirPortOS],
    [DeviceModel.HomePod, OperatingSystem.TvOS],
    [DeviceModel.HomePodMini, OperatingSystem.TvOS],
    [DeviceModel.HomePodGen2, OperatingSystem.TvOS],
    [DeviceModel.AppleTVGen1, OperatingSystem.Legacy],
    [DeviceModel.Gen2, OperatingSystem.Legacy],
    [DeviceModel.Gen3, OperatingSystem.Legacy],
    [DeviceModel.Gen4, OperatingSystem.TvOS],
    [DeviceModel.Gen4K, OperatingSystem.TvOS],
    [DeviceModel.AppleTV4KGen2, OperatingSystem.TvOS],
    [DeviceModel.AppleTV4KGen3, OperatingSystem.TvOS],
    [DeviceModel.Music, OperatingSystem.Unknown],
  ])("infers the OS of model %i as %i when unknown", (model, os) => {
    expect(new DeviceInfo({ model }).operatingSystem).toBe(os);
    expect(new DeviceInfo({ model, os: OperatingSystem.Unknown }).operatingSystem).toBe(os);
  });

  it("keeps a reported OS over the inferred one", () => {
    // DMAP reports Legacy even next to a 4K model id (pyatv's legacy device-info test).
    expect(new DeviceInfo({ os: OperatingSystem.Legacy, model: DeviceModel.Gen4K }).operatingSystem).toBe(
      OperatingSystem.Legacy,
    );
  });

  it("prefers a reported version over the build table", () => {
    const info = new DeviceInfo({ version: "16.6.1", buildNumber: "20M73" });
    expect(info.version).toBe("16.6.1");
    expect(new DeviceInfo({ version: "", buildNumber: "17K795" }).version).toBe("13.3.1");
  });

  it("uses the raw model for modelStr only when the model is unknown", () => {
    expect(new DeviceInfo({ model: DeviceModel.Gen4, rawModel: "AppleTV5,3" }).modelStr).toBe("Apple TV 4");
    expect(new DeviceInfo({ rawModel: "AppleTV99,1" }).modelStr).toBe("AppleTV99,1");
  });

  it("exposes mac and output device id as given, and a copy of its record", () => {
    const record = { mac: "AA:BB:CC:DD:EE:FF", outputDeviceId: "A1B2-C3", model: DeviceModel.HomePod };
    const info = new DeviceInfo(record);
    expect(info.mac).toBe("AA:BB:CC:DD:EE:FF");
    expect(info.outputDeviceId).toBe("A1B2-C3");
    record.mac = "changed";
    expect(info.mac).toBe("AA:BB:CC:DD:EE:FF");
    const copy = info.toRecord();
    copy.mac = "x";
    expect(info.toRecord()).toEqual({
      mac: "AA:BB:CC:DD:EE:FF",
      outputDeviceId: "A1B2-C3",
      model: DeviceModel.HomePod,
    });
  });

  it("serialises the inferred values to JSON", () => {
    const json = JSON.parse(
      JSON.stringify(new DeviceInfo({ model: DeviceModel.Gen4K, buildNumber: "20M73" })),
    ) as unknown;
    expect(json).toEqual({
      operatingSystem: OperatingSystem.TvOS,
      version: "16.6",
      buildNumber: "20M73",
      model: DeviceModel.Gen4K,
      modelStr: "Apple TV 4K",
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ["os", { os: 42 }],
    ["model", { model: "AppleTV6,2" }],
    ["version", { version: 16 }],
    ["mac", { mac: ["AA"] }],
  ])("rejects a wrong type for %s", (_field, record) => {
    expect(() => new DeviceInfo(record as DeviceInfoRecord)).toThrow(TypeError);
  });
});

describe("mergeDeviceInfo", () => {
  it("lets earlier records win and later ones fill gaps", () => {
    const mrp: DeviceInfoRecord = {
      os: OperatingSystem.TvOS,
      buildNumber: "20M73",
      mac: "aa:bb:cc:dd:ee:ff",
    };
    const airplay: DeviceInfoRecord = {
      version: "16.6",
      model: DeviceModel.Gen4K,
      rawModel: "AppleTV6,2",
      mac: "AA:BB:CC:DD:EE:FF",
      outputDeviceId: "psi-1",
    };
    const companion: DeviceInfoRecord = {
      model: DeviceModel.Gen4,
      version: "15.0",
      os: OperatingSystem.Legacy,
    };
    const merged = mergeDeviceInfo(mrp, airplay, companion);
    expect(merged.toRecord()).toEqual({
      os: OperatingSystem.TvOS,
      buildNumber: "20M73",
      mac: "aa:bb:cc:dd:ee:ff",
      version: "16.6",
      model: DeviceModel.Gen4K,
      rawModel: "AppleTV6,2",
      outputDeviceId: "psi-1",
    });
    expect(String(merged)).toBe("Apple TV 4K, tvOS 16.6 build 20M73");
  });

  it("treats Unknown, empty strings and undefined as gaps", () => {
    const merged = mergeDeviceInfo(
      { os: OperatingSystem.Unknown, model: DeviceModel.Unknown, version: "", mac: undefined },
      undefined,
      new DeviceInfo({
        os: OperatingSystem.AirPortOS,
        model: DeviceModel.AirPortExpressGen2,
        version: "7.8.1",
      }),
      { mac: "AA:AA:AA:AA:AA:AA" },
    );
    expect(merged.operatingSystem).toBe(OperatingSystem.AirPortOS);
    expect(merged.model).toBe(DeviceModel.AirPortExpressGen2);
    expect(merged.version).toBe("7.8.1");
    expect(merged.mac).toBe("AA:AA:AA:AA:AA:AA");
  });

  it("infers after merging", () => {
    // One protocol knows the build, another the model: the OS and version come from both.
    const merged = mergeDeviceInfo({ buildNumber: "19J346" }, { model: DeviceModel.HomePodGen2 });
    expect(merged.toRecord()).toEqual({ buildNumber: "19J346", model: DeviceModel.HomePodGen2 });
    expect(String(merged)).toBe("HomePod (gen 2), tvOS 15.0 build 19J346");
  });

  it("gives an empty DeviceInfo for no input", () => {
    expect(mergeDeviceInfo().toRecord()).toEqual({});
  });
});
