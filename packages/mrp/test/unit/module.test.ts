import { describe, expect, it } from "vitest";
import {
  AppleTVConfig,
  BaseService,
  createSettings,
  DeviceInfo,
  DeviceModel,
  FeatureName,
  OperatingSystem,
  PairingRequirement,
  PowerState,
  Protocol,
} from "@atv/core";
import { powerStateOf } from "../../src/capabilities/power.js";
import { mrpProtocol, isDirectMrpBuild } from "../../src/module.js";
import { MrpSetup } from "../../src/setup.js";
import { MrpPairingHandler } from "../../src/pairing.js";
import { deviceInfoFromMessage } from "../../src/capabilities/device-info.js";
import { create } from "@bufbuild/protobuf";
import { DeviceInfoMessageSchema } from "../../src/gen/atv/mrp/device_info_pb.js";

const record = (properties: Record<string, string>) => ({
  type: "_mediaremotetv._tcp.local",
  name: "Living Room",
  port: 49152,
  address: "10.0.0.2",
  properties,
});

describe("mrpProtocol (the plug-in object)", () => {
  it("is found by _mediaremotetv._tcp", () => {
    expect(mrpProtocol.protocol).toBe(Protocol.MRP);
    expect(mrpProtocol.serviceTypes).toEqual(["_mediaremotetv._tcp.local"]);
  });

  it("builds the service from the TXT record (keys in any case)", () => {
    const scanned = mrpProtocol.serviceInfo(
      record({ uniqueidentifier: "ABC-123", name: "Den", systembuildversion: "18M60", AllowPairing: "YES" }),
    );
    expect(scanned?.name).toBe("Den");
    expect(scanned?.service.identifier).toBe("ABC-123");
    expect(scanned?.service.port).toBe(49152);
    expect(scanned?.service.enabled).toBe(true);
  });

  it("disables the service from tvOS 15 (build 19x) on", () => {
    expect(
      mrpProtocol.serviceInfo(record({ UniqueIdentifier: "x", SystemBuildVersion: "19J346" }))?.service
        .enabled,
    ).toBe(false);
    expect(isDirectMrpBuild("18M60")).toBe(true);
    expect(isDirectMrpBuild("20K71")).toBe(false);
    expect(isDirectMrpBuild(undefined)).toBe(true);
  });

  it("pairing: Optional with AllowPairing=YES, Disabled otherwise, NotNeeded when disabled", () => {
    const service = (props: Record<string, string>, enabled = true) =>
      new BaseService({ protocol: Protocol.MRP, port: 1, properties: props, enabled });
    const cases: [BaseService, PairingRequirement][] = [
      [service({ AllowPairing: "YES" }), PairingRequirement.Optional],
      [service({ allowpairing: "yes" }), PairingRequirement.Optional],
      [service({ AllowPairing: "NO" }), PairingRequirement.Disabled],
      [service({}), PairingRequirement.Disabled],
      [service({ AllowPairing: "YES" }, false), PairingRequirement.NotNeeded],
    ];
    for (const [s, expected] of cases) {
      mrpProtocol.finalizeService?.(s, { deviceInfo: new DeviceInfo({}), services: new Map() });
      expect(s.pairing).toBe(expected);
    }
  });

  it("device info from the TXT record and from the DeviceInfo message", () => {
    const fromTxt = mrpProtocol.deviceInfo(
      record({ SystemBuildVersion: "18M60", macAddress: "aa:bb:cc:dd:ee:ff" }),
    );
    expect(fromTxt).toMatchObject({
      os: OperatingSystem.TvOS,
      buildNumber: "18M60",
      mac: "aa:bb:cc:dd:ee:ff",
    });
    expect(fromTxt.version).toMatch(/^14\./);
    const info = create(DeviceInfoMessageSchema, { modelID: "AppleTV6,2", systemBuildVersion: "18M60" });
    expect(deviceInfoFromMessage(info)).toMatchObject({
      model: DeviceModel.Gen4K,
      rawModel: "AppleTV6,2", // pyatv sets RAW_MODEL for known models too
      buildNumber: "18M60",
      os: OperatingSystem.TvOS,
    });
    const odd = create(DeviceInfoMessageSchema, { modelID: "AppleTV99,9" });
    expect(deviceInfoFromMessage(odd)).toMatchObject({ model: DeviceModel.Unknown, rawModel: "AppleTV99,9" });
  });

  it("setup gives one MRP setup with the capability interfaces and features", () => {
    const config = new AppleTVConfig({ address: "127.0.0.1", name: "x" });
    const service = new BaseService({ protocol: Protocol.MRP, port: 1, identifier: "id" });
    config.addService(service);
    const [setup, ...rest] = mrpProtocol.setup({
      config,
      service,
      settings: createSettings(),
      takeover: () => () => undefined,
    });
    expect(rest).toEqual([]);
    expect(setup).toBeInstanceOf(MrpSetup);
    expect(Object.keys(setup!.interfaces).sort()).toEqual([
      "audio",
      "features",
      "metadata",
      "power",
      "pushUpdater",
      "remoteControl",
    ]);
    expect(setup!.features.has(FeatureName.Play)).toBe(true);
    expect(setup!.features.has(FeatureName.AppList)).toBe(false);
    expect(setup!.deviceInfo()).toEqual({});
  });

  it("a DeviceInfo without logicalDeviceCount is Off (pyatv reads the absent proto2 field as 0)", () => {
    expect(powerStateOf(create(DeviceInfoMessageSchema, {}))).toBe(PowerState.Off);
    expect(powerStateOf(create(DeviceInfoMessageSchema, { logicalDeviceCount: 0 }))).toBe(PowerState.Off);
    expect(powerStateOf(create(DeviceInfoMessageSchema, { logicalDeviceCount: 2 }))).toBe(PowerState.On);
  });

  it("pair gives a handler where the device shows the PIN", () => {
    const config = new AppleTVConfig({ address: "127.0.0.1", name: "x" });
    const service = new BaseService({ protocol: Protocol.MRP, port: 1 });
    const handler = mrpProtocol.pair(config, service, {});
    expect(handler).toBeInstanceOf(MrpPairingHandler);
    expect(handler.deviceProvidesPin).toBe(true);
    expect(handler.hasPaired).toBe(false);
  });
});
