import { describe, expect, it } from "vitest";
import { DeviceModel, OperatingSystem } from "../../src/enums.js";
import {
  TVOS_BUILDS,
  lookupInternalName,
  lookupModel,
  lookupOs,
  lookupVersion,
  modelStr,
  operatingSystemStr,
} from "../../src/device-info/index.js";

// Tables transcribed from /work/shared/protocols/devices.md.

describe("lookupModel (devices.md §1)", () => {
  it.each<[string, DeviceModel]>([
    ["AppleTV1,1", DeviceModel.AppleTVGen1],
    ["AppleTV2,1", DeviceModel.Gen2],
    ["AppleTV3,1", DeviceModel.Gen3],
    ["AppleTV3,2", DeviceModel.Gen3],
    ["AppleTV5,3", DeviceModel.Gen4],
    ["AppleTV6,2", DeviceModel.Gen4K],
    ["AppleTV11,1", DeviceModel.AppleTV4KGen2],
    ["AppleTV14,1", DeviceModel.AppleTV4KGen3],
    ["AudioAccessory1,1", DeviceModel.HomePod],
    ["AudioAccessory1,2", DeviceModel.HomePod],
    ["AudioAccessory5,1", DeviceModel.HomePodMini],
    ["AudioAccessorySingle5,1", DeviceModel.HomePodMini],
    ["AudioAccessory6,1", DeviceModel.HomePodGen2],
    ["AirPort4,107", DeviceModel.AirPortExpress],
    ["AirPort10,115", DeviceModel.AirPortExpressGen2],
    ["AppleTV6,3", DeviceModel.Unknown],
    ["appletv6,2", DeviceModel.Unknown],
    ["MacBookAir10,1", DeviceModel.Unknown],
    ["", DeviceModel.Unknown],
  ])("%s → %i", (identifier, model) => {
    expect(lookupModel(identifier)).toBe(model);
  });

  it("handles a missing identifier", () => {
    expect(lookupModel(undefined)).toBe(DeviceModel.Unknown);
    expect(lookupModel(null)).toBe(DeviceModel.Unknown);
  });
});

describe("lookupInternalName (devices.md §2)", () => {
  it.each<[string | undefined, DeviceModel]>([
    ["K66AP", DeviceModel.Gen2],
    ["J33AP", DeviceModel.Gen3],
    ["J33IAP", DeviceModel.Gen3],
    ["J42dAP", DeviceModel.Gen4],
    ["J105aAP", DeviceModel.Gen4K],
    ["J305AP", DeviceModel.AppleTV4KGen2],
    ["J255AP", DeviceModel.AppleTV4KGen3],
    ["J42DAP", DeviceModel.Unknown],
    ["bad_name", DeviceModel.Unknown],
    [undefined, DeviceModel.Unknown],
  ])("%s → %i", (name, model) => {
    expect(lookupInternalName(name)).toBe(model);
  });
});

/** devices.md §4, the exact table (22J354 deliberately corrected to 21J354). */
const BUILDS: [string, string][] = [
  ["17J586", "13.0"],
  ["17K82", "13.2"],
  ["17K449", "13.3"],
  ["17K795", "13.3.1"],
  ["17L256", "13.4"],
  ["17L562", "13.4.5"],
  ["17L570", "13.4.6"],
  ["17M61", "13.4.8"],
  ["18J386", "14.0"],
  ["18J400", "14.0.1"],
  ["18J411", "14.0.2"],
  ["18K57", "14.2"],
  ["18K561", "14.3"],
  ["18K802", "14.4"],
  ["18L204", "14.5"],
  ["18L569", "14.6"],
  ["18M60", "14.7"],
  ["19J346", "15.0"],
  ["19J572", "15.1"],
  ["19J581", "15.1.1"],
  ["19K53", "15.2"],
  ["19K547", "15.3"],
  ["19L440", "15.4"],
  ["19L452", "15.4.1"],
  ["19L570", "15.5"],
  ["19L580", "15.5.1"],
  ["19M65", "15.6"],
  ["20J373", "16.0"],
  ["20K71", "16.1"],
  ["20K80", "16.1.1"],
  ["20K362", "16.2"],
  ["20K650", "16.3"],
  ["20K661", "16.3.1"],
  ["20K672", "16.3.2"],
  ["20K680", "16.3.3"],
  ["20L497", "16.4"],
  ["20L498", "16.4.1"],
  ["20L563", "16.5"],
  ["20M73", "16.6"],
  ["21J354", "17.0"],
  ["21K69", "17.1"],
  ["21K365", "17.2"],
  ["21K646", "17.3"],
  ["21L227", "17.4"],
  ["21L569", "17.5"],
  ["21L580", "17.5.1"],
  ["21M71", "17.6"],
  ["21M80", "17.6.1"],
  ["22J357", "18.0"],
  ["22J580", "18.1"],
];

describe("lookupVersion (devices.md §4)", () => {
  it.each(BUILDS)("table: %s → %s", (build, version) => {
    expect(lookupVersion(build)).toBe(version);
  });

  it("has exactly the table's builds", () => {
    expect([...TVOS_BUILDS.keys()].sort()).toEqual(BUILDS.map(([b]) => b).sort());
  });

  it.each<[string | undefined, string | undefined]>([
    ["17A123", "13.x"],
    ["17F123", "13.x"],
    ["16F123", "12.x"],
    ["15A1", "11.x"],
    ["21K999", "17.x"],
    ["22B83", "18.x"],
    ["22J354", "18.x"], // pyatv's typo entry (→ 17.0) is not kept
    ["23L5455c", "26.x"], // tvOS 26 builds start with 23: number + 3
    ["24A100", "27.x"],
    ["bad_version", undefined],
    ["17", undefined],
    ["17a1", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("derived: %s → %s", (build, version) => {
    expect(lookupVersion(build)).toBe(version);
  });
});

describe("lookupOs (devices.md §3)", () => {
  it.each<[string | DeviceModel, OperatingSystem]>([
    ["bad", OperatingSystem.Unknown],
    ["MacBookAir10,1", OperatingSystem.MacOS],
    ["iMac1,2", OperatingSystem.MacOS],
    ["Macmini1,1", OperatingSystem.MacOS],
    ["MacBookPro5,67", OperatingSystem.MacOS],
    ["Mac1,4", OperatingSystem.MacOS],
    ["Mac14,2", OperatingSystem.MacOS],
    ["MacPro19,4", OperatingSystem.MacOS],
    ["Mac", OperatingSystem.Unknown],
    ["iPhone10,6", OperatingSystem.Unknown],
    ["AppleTV6,2", OperatingSystem.TvOS],
    ["AppleTV3,2", OperatingSystem.Legacy],
    ["AirPort10,115", OperatingSystem.AirPortOS],
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
    [DeviceModel.Unknown, OperatingSystem.Unknown],
  ])("%s → %i", (idOrModel, os) => {
    expect(lookupOs(idOrModel)).toBe(os);
  });

  it("rejects a number that is not a model", () => {
    expect(() => lookupOs(99 as DeviceModel)).toThrow(TypeError);
  });
});

describe("display names", () => {
  it.each<[DeviceModel, string]>([
    [DeviceModel.Unknown, "Unknown"],
    [DeviceModel.AppleTVGen1, "Apple TV 1"],
    [DeviceModel.Gen2, "Apple TV 2"],
    [DeviceModel.Gen3, "Apple TV 3"],
    [DeviceModel.Gen4, "Apple TV 4"],
    [DeviceModel.Gen4K, "Apple TV 4K"],
    [DeviceModel.AppleTV4KGen2, "Apple TV 4K (gen 2)"],
    [DeviceModel.AppleTV4KGen3, "Apple TV 4K (gen 3)"],
    [DeviceModel.HomePod, "HomePod"],
    [DeviceModel.HomePodMini, "HomePod Mini"],
    [DeviceModel.HomePodGen2, "HomePod (gen 2)"],
    [DeviceModel.AirPortExpress, "AirPort Express (gen 1)"],
    [DeviceModel.AirPortExpressGen2, "AirPort Express (gen 2)"],
    [DeviceModel.Music, "Music/iTunes"],
  ])("model %i is %j", (model, name) => {
    expect(modelStr(model)).toBe(name);
  });

  it.each<[OperatingSystem, string]>([
    [OperatingSystem.Unknown, "Unknown OS"],
    [OperatingSystem.Legacy, "ATV SW"],
    [OperatingSystem.TvOS, "tvOS"],
    [OperatingSystem.AirPortOS, "AirPortOS"],
    [OperatingSystem.MacOS, "MacOS"],
  ])("os %i is %j", (os, label) => {
    expect(operatingSystemStr(os)).toBe(label);
  });
});
