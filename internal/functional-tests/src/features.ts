import { describe, expect, it } from "vitest";
import { FeatureName, FeatureState } from "@atv/core";
import { eventually, useDevice } from "./context.js";
import type { FunctionalHarness } from "./harness.js";

export function featureTests(harness: FunctionalHarness): void {
  const skip = harness.skip ?? new Set();

  describe("Features", () => {
    const ctx = useDevice(harness);

    it.skipIf(skip.has("buttons"))("buttons are always available", () => {
      const buttons = [
        FeatureName.Up,
        FeatureName.Down,
        FeatureName.Left,
        FeatureName.Right,
        FeatureName.Select,
        FeatureName.Menu,
      ];
      expect(ctx.atv.features.inState(FeatureState.Available, ...buttons)).toBe(true);
    });

    it.skipIf(skip.has("playback"))("playback features follow what the app offers", async () => {
      ctx.device.musicPlaying({ title: "t", paused: true });
      await eventually(
        () => ctx.atv.features.inState(FeatureState.Available, FeatureName.Play, FeatureName.Next),
        "offered",
      );
      ctx.device.offerOnly([FeatureName.Play]);
      await eventually(
        () => ctx.atv.features.inState(FeatureState.Unavailable, FeatureName.Next, FeatureName.SkipForward),
        "withdrawn",
      );
      expect(ctx.atv.features.getFeature(FeatureName.Play).state).toBe(FeatureState.Available);
    });

    it.skipIf(skip.has("metadata"))("metadata features follow the fields present", async () => {
      ctx.device.musicPlaying({ title: "t", artist: "a" });
      await eventually(
        () => ctx.atv.features.inState(FeatureState.Available, FeatureName.Title, FeatureName.Artist),
        "fields",
      );
      expect(ctx.atv.features.getFeature(FeatureName.Genre).state).toBe(FeatureState.Unavailable);
      ctx.device.nothingPlaying();
      await eventually(
        () => ctx.atv.features.inState(FeatureState.Unavailable, FeatureName.Title),
        "no title",
      );
    });

    it("allFeatures lists available ones without unsupported by default", () => {
      const all = ctx.atv.features.allFeatures();
      for (const info of all.values()) expect(info.state).not.toBe(FeatureState.Unsupported);
      expect(ctx.atv.features.allFeatures(true).size).toBeGreaterThan(all.size);
    });
  });
}
