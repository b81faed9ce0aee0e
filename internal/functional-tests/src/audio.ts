import { describe, expect, it } from "vitest";
import { FeatureName, FeatureState, ProtocolError, type OutputDevice } from "@atv/core";
import { eventually, useDevice } from "./context.js";
import type { FunctionalHarness } from "./harness.js";

export function audioTests(harness: FunctionalHarness): void {
  const skip = harness.skip ?? new Set();

  describe.skipIf(skip.has("volume"))("Audio: volume", () => {
    const ctx = useDevice(harness, (device) => device.setVolume(40));

    it("reads the device's volume", async () => {
      await eventually(() => ctx.atv.audio.volume === 40, "volume 40");
      expect(
        ctx.atv.features.inState(FeatureState.Available, FeatureName.Volume, FeatureName.SetVolume),
      ).toBe(true);
    });

    it("setVolume waits for the device", async () => {
      await ctx.atv.audio.setVolume(30);
      expect(ctx.device.volume).toBe(30);
      expect(ctx.atv.audio.volume).toBe(30);
    });

    it("volumeUp and volumeDown resolve once the device acknowledged", async () => {
      await eventually(() => ctx.atv.audio.volume === 40, "volume 40");
      await ctx.atv.audio.volumeUp();
      expect(ctx.device.volume).toBeGreaterThan(40);
      expect(ctx.atv.audio.volume).toBe(ctx.device.volume);
      const up = ctx.device.volume;
      await ctx.atv.audio.volumeDown();
      expect(ctx.device.volume).toBeLessThan(up);
      expect(ctx.atv.audio.volume).toBe(ctx.device.volume);
    });

    it("volumeChanged when the device changes it", async () => {
      await eventually(() => ctx.atv.audio.volume === 40, "volume 40");
      const changes: [number, number][] = [];
      ctx.atv.audio.on("volumeChanged", (o, n) => changes.push([o, n]));
      ctx.device.setVolume(75);
      await eventually(() => changes.length > 0, "volumeChanged");
      expect(changes[0]).toEqual([40, 75]);
    });

    it("out-of-range levels are a ProtocolError", async () => {
      await expect(ctx.atv.audio.setVolume(101)).rejects.toBeInstanceOf(ProtocolError);
      await expect(ctx.atv.audio.setVolume(-1)).rejects.toBeInstanceOf(ProtocolError);
    });

    it("volume features follow the device's availability", async () => {
      await eventually(
        () => ctx.atv.features.inState(FeatureState.Available, FeatureName.VolumeUp),
        "available",
      );
      ctx.device.changeVolumeControl(false);
      await eventually(
        () => ctx.atv.features.inState(FeatureState.Unavailable, FeatureName.VolumeUp, FeatureName.SetVolume),
        "unavailable",
      );
      ctx.device.changeVolumeControl(true);
      await eventually(
        () => ctx.atv.features.inState(FeatureState.Available, FeatureName.VolumeDown),
        "available again",
      );
    });
  });

  describe.skipIf(skip.has("outputDevices"))("Audio: output devices", () => {
    const ctx = useDevice(harness, (device) => {
      device.addKnownOutputDevice({ identifier: "speaker-1", name: "Kitchen" });
      device.addKnownOutputDevice({ identifier: "speaker-2", name: "Bedroom" });
    });
    const ids = (devices: readonly OutputDevice[]): string[] => devices.map((d) => d.identifier);

    it("lists the device and its group", async () => {
      ctx.device.setGroupedDevices([{ identifier: "speaker-1", name: "Kitchen" }]);
      await eventually(() => ids(ctx.atv.audio.outputDevices).includes("speaker-1"), "grouped speaker");
      expect(ctx.atv.audio.outputDevices.find((d) => d.identifier === "speaker-1")?.name).toBe("Kitchen");
    });

    it("add, remove and set output devices", async () => {
      const changes: string[][] = [];
      ctx.atv.audio.on("outputDevicesChanged", (_old, next) => changes.push(ids(next)));
      await ctx.atv.audio.addOutputDevices(["speaker-1", "speaker-2"]);
      expect(ctx.device.groupedDeviceIds).toEqual(["speaker-1", "speaker-2"]);
      expect(ids(ctx.atv.audio.outputDevices)).toEqual(expect.arrayContaining(["speaker-1", "speaker-2"]));
      await ctx.atv.audio.removeOutputDevices(["speaker-1"]);
      expect(ctx.device.groupedDeviceIds).toEqual(["speaker-2"]);
      await ctx.atv.audio.setOutputDevices(["speaker-1"]);
      expect(ctx.device.groupedDeviceIds).toEqual(["speaker-1"]);
      expect(changes.length).toBeGreaterThanOrEqual(3);
    });

    it("per-device volume", async () => {
      ctx.device.setGroupedDevices([{ identifier: "speaker-2", name: "Bedroom" }]);
      const device = await eventually(
        () => ctx.atv.audio.outputDevices.find((d) => d.identifier === "speaker-2"),
        "speaker",
      );
      const events: number[] = [];
      ctx.atv.audio.on("outputDeviceVolumeChanged", (d, _old, level) => {
        if (d.identifier === "speaker-2") events.push(level);
      });
      await ctx.atv.audio.setVolume(20, { outputDevice: device });
      await eventually(() => events.includes(20), "per-device volume event");
      expect(ctx.atv.audio.outputDevices.find((d) => d.identifier === "speaker-2")?.volume).toBe(20);
    });
  });
}
