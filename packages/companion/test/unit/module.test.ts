import { describe, expect, it } from "vitest";
import {
  AppleTVConfig,
  BaseService,
  DeviceModel,
  PairingRequirement,
  Protocol,
  createSettings,
} from "@atv/core";
import { companionProtocol, companionPairingRequirement, isUrlOrScheme } from "../../src/index.js";

const record = {
  type: "_companion-link._tcp.local",
  name: "Living Room",
  port: 49153,
  address: "127.0.0.1",
  properties: { rpMRtID: "ABC-123", rpMd: "AppleTV6,2", rpFl: "0x36782", rpVr: "360.4" },
};

describe("companionProtocol", () => {
  it("builds the service from the TXT record (rpMRtID is the identifier)", () => {
    const scanned = companionProtocol.serviceInfo(record);
    expect(scanned?.name).toBe("Living Room");
    expect(scanned?.service.identifier).toBe("ABC-123");
    expect(scanned?.service.protocol).toBe(Protocol.Companion);
    expect(scanned?.service.port).toBe(49153);
  });

  it("device info: rpMd is the model", () => {
    expect(companionProtocol.deviceInfo(record)).toEqual({
      rawModel: "AppleTV6,2",
      model: DeviceModel.Gen4K,
    });
    expect(companionProtocol.deviceInfo({ ...record, properties: { rpMd: "Foo1,1" } })).toEqual({
      rawModel: "Foo1,1",
    });
  });

  it.each([
    ["0x36782", PairingRequirement.Mandatory],
    ["0x367A2", PairingRequirement.Mandatory],
    ["0x627B6", PairingRequirement.Disabled],
    ["0x62792", PairingRequirement.Unsupported],
    ["0x20000", PairingRequirement.Unsupported],
    [undefined, PairingRequirement.Unsupported],
    ["junk", PairingRequirement.Unsupported],
  ])("rpFl %s → pairing %s", (flags, requirement) => {
    expect(companionPairingRequirement(flags)).toBe(requirement);
  });

  it("sets up nothing without credentials (as pyatv)", () => {
    const config = new AppleTVConfig({ address: "127.0.0.1", name: "x" });
    const service = new BaseService({ protocol: Protocol.Companion, port: 1 });
    const core = { config, service, settings: createSettings(), takeover: () => () => undefined };
    expect(companionProtocol.setup(core)).toEqual([]);
    service.credentials = "a:b:c:d";
    expect(companionProtocol.setup(core)).toHaveLength(1);
  });

  it("tells URLs from bundle ids like pyatv", () => {
    expect(isUrlOrScheme("com.netflix.Netflix")).toBe(false);
    expect(isUrlOrScheme("https://example.com")).toBe(true);
    expect(isUrlOrScheme("music:")).toBe(true);
  });
});
