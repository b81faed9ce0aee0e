import { describe, expect, it } from "vitest";
import {
  CommandError,
  DeviceState,
  FeatureName,
  FeatureState,
  InputAction,
  RepeatState,
  ShuffleState,
} from "@atv/core";
import { useDevice, eventually } from "./context.js";
import type { FunctionalHarness } from "./harness.js";

const ARROWS_AND_NAVIGATION = ["up", "down", "left", "right", "select", "menu", "home"] as const;

export function remoteControlTests(harness: FunctionalHarness): void {
  const skip = harness.skip ?? new Set();

  describe.skipIf(skip.has("buttons"))("RemoteControl: buttons", () => {
    const ctx = useDevice(harness);

    for (const key of ARROWS_AND_NAVIGATION) {
      it(`${key}: single tap`, async () => {
        await ctx.atv.remoteControl[key]();
        expect(ctx.device.lastButton).toEqual({ key, action: InputAction.SingleTap });
      });
      it(`${key}: double tap`, async () => {
        await ctx.atv.remoteControl[key](InputAction.DoubleTap);
        expect(ctx.device.lastButton).toEqual({ key, action: InputAction.DoubleTap });
      });
    }

    it.skipIf(skip.has("topMenu"))("topMenu", async () => {
      await ctx.atv.remoteControl.topMenu();
      expect(ctx.device.lastButton).toEqual({ key: "topMenu", action: InputAction.SingleTap });
    });

    it.each(["select", "home"] as const)("%s: hold", async (key) => {
      const started = Date.now();
      await ctx.atv.remoteControl[key](InputAction.Hold);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(ctx.device.lastButton).toEqual({ key, action: InputAction.Hold });
    });

    it("a hold aborted midway still releases the key", async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      await expect(
        ctx.atv.remoteControl.right(InputAction.Hold, { signal: controller.signal }),
      ).rejects.toThrow();
      await eventually(() => ctx.device.lastButton?.key === "right", "the key release");
      expect(ctx.device.lastButton?.action).toBe(InputAction.SingleTap);
    });
  });

  describe.skipIf(skip.has("playback"))("RemoteControl: playback commands", () => {
    const ctx = useDevice(harness, (device) =>
      device.musicPlaying({ title: "song", totalTime: 100, position: 10, paused: true }),
    );

    it.each(["play", "pause", "stop", "next", "previous"] as const)("%s", async (name) => {
      await ctx.atv.remoteControl[name]();
      expect(ctx.device.lastCommand?.name).toBe(name);
    });

    it("play changes the device state that the client sees", async () => {
      await ctx.atv.remoteControl.play();
      await eventually(
        async () => (await ctx.atv.metadata.playing()).deviceState === DeviceState.Playing,
        "Playing",
      );
    });

    it("playPause sends the toggle when the app offers it", async () => {
      await ctx.atv.remoteControl.playPause();
      expect(ctx.device.lastCommand?.name).toBe("playPause");
    });

    it("playPause without a toggle: play while paused, pause while playing", async () => {
      ctx.device.offerOnly([FeatureName.Play, FeatureName.Pause]);
      await eventually(
        () => !ctx.atv.features.inState(FeatureState.Available, FeatureName.Stop),
        "the new command set",
      );
      await ctx.atv.remoteControl.playPause();
      expect(ctx.device.lastCommand?.name).toBe("play");
      await eventually(
        async () => (await ctx.atv.metadata.playing()).deviceState === DeviceState.Playing,
        "Playing",
      );
      await ctx.atv.remoteControl.playPause();
      expect(ctx.device.lastCommand?.name).toBe("pause");
    });

    it("skipForward and skipBackward with a given interval", async () => {
      await ctx.atv.remoteControl.skipForward(7);
      expect(ctx.device.lastCommand).toMatchObject({ name: "skipForward", seconds: 7 });
      await ctx.atv.remoteControl.skipBackward(3);
      expect(ctx.device.lastCommand).toMatchObject({ name: "skipBackward", seconds: 3 });
    });

    it("skipForward without an interval uses the app's", async () => {
      await ctx.atv.remoteControl.skipForward();
      expect(ctx.device.lastCommand?.name).toBe("skipForward");
      expect(ctx.device.lastCommand?.seconds).toBeGreaterThan(0);
    });

    it("setPosition", async () => {
      await ctx.atv.remoteControl.setPosition(42);
      expect(ctx.device.lastCommand).toMatchObject({ name: "setPosition", position: 42 });
      await eventually(async () => (await ctx.atv.metadata.playing()).position === 42, "position 42");
    });

    it.each([ShuffleState.Off, ShuffleState.Albums, ShuffleState.Songs])("setShuffle(%i)", async (state) => {
      await ctx.atv.remoteControl.setShuffle(state);
      expect(ctx.device.lastCommand).toMatchObject({ name: "setShuffle", shuffle: state });
      await eventually(
        async () => (await ctx.atv.metadata.playing()).shuffle === state,
        "the new shuffle state",
      );
    });

    it.each([RepeatState.Off, RepeatState.Track, RepeatState.All])("setRepeat(%i)", async (state) => {
      await ctx.atv.remoteControl.setRepeat(state);
      expect(ctx.device.lastCommand).toMatchObject({ name: "setRepeat", repeat: state });
      await eventually(
        async () => (await ctx.atv.metadata.playing()).repeat === state,
        "the new repeat state",
      );
    });

    it("a command the device refuses is a CommandError", async () => {
      ctx.device.failCommand("next");
      await expect(ctx.atv.remoteControl.next()).rejects.toBeInstanceOf(CommandError);
    });
  });
}
