import { describe, expect, it } from "vitest";
import {
  DeviceModel,
  FeatureName,
  FeatureState,
  InputAction,
  PairingRequirement,
  Protocol,
  TouchAction,
  featureDescriptions,
  isMember,
  nameOf,
} from "../src/index.js";

describe("enums carry pyatv's numeric values", () => {
  it("Protocol, PairingRequirement, FeatureState, InputAction, TouchAction", () => {
    expect(Protocol).toEqual({ DMAP: 1, MRP: 2, AirPlay: 3, Companion: 4, RAOP: 5 });
    expect(PairingRequirement.Mandatory).toBe(5);
    expect(FeatureState.Available).toBe(3);
    expect(InputAction.Hold).toBe(2);
    expect(TouchAction).toEqual({ Press: 1, Hold: 3, Release: 4, Click: 5 });
    expect(DeviceModel.AppleTVGen1).toBe(13);
  });

  it("FeatureName has 68 ids: 0–66 and 68, each with a description", () => {
    const ids = Object.values(FeatureName).sort((a, b) => a - b);
    expect(ids).toHaveLength(68);
    expect(ids).toEqual([...Array.from({ length: 67 }, (_, i) => i), 68]);
    expect(FeatureName.iTunesStoreIdentifier).toBe(50);
    expect(FeatureName.ControlCenter).toBe(68);
    for (const id of ids) expect(featureDescriptions[id]).toMatch(/\S/);
  });

  it("maps values back to names", () => {
    expect(nameOf(Protocol, Protocol.Companion)).toBe("Companion");
    expect(() => nameOf(Protocol, 9 as Protocol)).toThrow(RangeError);
    expect(isMember(Protocol, 2)).toBe(true);
    expect(isMember(Protocol, 7)).toBe(false);
  });
});
