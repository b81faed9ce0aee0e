import { describe, expect, it } from "vitest";
import { OperatingSystem, PairingRequirement, Protocol, type ServiceRecord } from "@atv/core";
import { dmapProtocol } from "../../src/module.js";
import { buildPlaying, msToSeconds } from "../../src/playing.js";
import { decodeDmap } from "../../src/codec/index.js";
import { responseBodies } from "../vectors.js";

const record = (type: string, name: string, properties: Record<string, string>): ServiceRecord => ({
  type,
  name,
  port: 3689,
  address: "10.0.0.5",
  properties,
});

describe("dmapProtocol scanning hooks", () => {
  it("_touch-able._tcp: id from the instance name, name from CtlN, pairing mandatory", () => {
    const scanned = dmapProtocol.serviceInfo(
      record("_touch-able._tcp.local", "E7C8A5B2D4F1C0E9_x", { CtlN: "Den" }),
    )!;
    expect(scanned.name).toBe("Den");
    expect(scanned.service.identifier).toBe("E7C8A5B2D4F1C0E9");
    expect(scanned.service.protocol).toBe(Protocol.DMAP);
    expect(scanned.service.credentials).toBeUndefined();
    dmapProtocol.finalizeService?.(scanned.service, { deviceInfo: undefined as never, services: new Map() });
    expect(scanned.service.pairing).toBe(PairingRequirement.Mandatory);
  });

  it("_appletv-v2._tcp: credentials from hG, pairing optional", () => {
    const hg = "12345678-6789-1111-2222-012345678911";
    const scanned = dmapProtocol.serviceInfo(
      record("_appletv-v2._tcp.local", "ABCDEF_1", { Name: "Kitchen", hG: hg }),
    )!;
    expect([scanned.name, scanned.service.identifier, scanned.service.credentials]).toEqual([
      "Kitchen",
      "ABCDEF",
      hg,
    ]);
    dmapProtocol.finalizeService?.(scanned.service, { deviceInfo: undefined as never, services: new Map() });
    expect(scanned.service.pairing).toBe(PairingRequirement.Optional);
  });

  it("_hscp._tcp: Machine ID and Machine Name", () => {
    const scanned = dmapProtocol.serviceInfo(
      record("_hscp._tcp", "Music", { "Machine ID": "AA11", "Machine Name": "Mac", hG: "x" }),
    )!;
    expect([scanned.name, scanned.service.identifier]).toEqual(["Mac", "AA11"]);
  });

  it("other types are ignored; device info says Legacy", () => {
    expect(dmapProtocol.serviceInfo(record("_airplay._tcp.local", "x", {}))).toBeUndefined();
    expect(dmapProtocol.deviceInfo(record("_touch-able._tcp.local", "x", {}))).toEqual({
      os: OperatingSystem.Legacy,
    });
  });
});

describe("pyatv's play status mapping", () => {
  it("ms → s rounds half to even like Python, and 2^32-1 means unknown", () => {
    expect([
      msToSeconds(undefined),
      msToSeconds(1500),
      msToSeconds(2500),
      msToSeconds(2501),
      msToSeconds(4294967295),
    ]).toEqual([0, 2, 2, 3, 0]);
  });

  it("the captured play status gives the capture's printed Playing", () => {
    const playing = buildPlaying(decodeDmap(responseBodies()[1]!));
    expect(playing.toString().split("\n")).toEqual([
      "  Media type: Music",
      "Device state: Paused",
      "       Title: music",
      "      Artist: artist",
      "       Album: album",
      "       Genre: genre",
      "    Position: 22/49s (44.9%)",
      "      Repeat: Off",
      "     Shuffle: Off",
    ]);
  });
});
