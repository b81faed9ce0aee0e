import { describe, expect, it } from "vitest";
import { FeatureName, FeatureState, NotSupportedError } from "@atv/core";
import { useDevice } from "./context.js";
import type { FunctionalHarness } from "./harness.js";

/** Stream: playUrl plays on protocols that play URLs and is NotSupported elsewhere. */
export function streamTests(harness: FunctionalHarness): void {
  describe("Stream", () => {
    const ctx = useDevice(harness);

    it.runIf(harness.playsUrls === true)(
      "playUrl plays the URL and resolves once playback ended",
      async () => {
        expect(ctx.atv.features.getFeature(FeatureName.PlayUrl).state).toBe(FeatureState.Available);
        await ctx.atv.stream.playUrl("https://example.com/functional.mp4", { positionSeconds: 5 });
        expect(ctx.device.lastPlayedUrl).toBe("https://example.com/functional.mp4");
        await ctx.atv.stream.playUrl("https://example.com/second.mp4");
        expect(ctx.device.lastPlayedUrl).toBe("https://example.com/second.mp4");
      },
    );

    it.runIf(harness.playsUrls !== true)("playUrl is NotSupported", async () => {
      expect(ctx.atv.features.getFeature(FeatureName.PlayUrl).state).not.toBe(FeatureState.Available);
      await expect(ctx.atv.stream.playUrl("https://example.com/x.mp4")).rejects.toBeInstanceOf(
        NotSupportedError,
      );
    });

    it("stream.close() can be called at any time", () => {
      ctx.atv.stream.close();
      ctx.atv.stream.close();
    });
  });
}
