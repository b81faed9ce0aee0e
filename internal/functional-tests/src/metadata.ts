import { describe, expect, it } from "vitest";
import { DeviceState, FeatureName, FeatureState, MediaType, RepeatState, ShuffleState } from "@atv/core";
import { eventually, useDevice } from "./context.js";
import type { FunctionalHarness } from "./harness.js";

/** A 1×1 PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
      "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
    "hex",
  ),
);

export function metadataTests(harness: FunctionalHarness): void {
  const skip = harness.skip ?? new Set();

  describe.skipIf(skip.has("metadata"))("Metadata: what is playing", () => {
    const ctx = useDevice(harness);

    it("nothing playing is Idle with no fields", async () => {
      ctx.device.nothingPlaying();
      const playing = await ctx.atv.metadata.playing();
      expect(playing.deviceState).toBe(DeviceState.Idle);
      expect(playing.mediaType).toBe(MediaType.Unknown);
      expect(playing.title).toBeUndefined();
      expect(playing.totalTime).toBeUndefined();
    });

    it("music: every field and the state", async () => {
      ctx.device.musicPlaying({
        title: "song",
        artist: "band",
        album: "record",
        genre: "rock",
        totalTime: 123,
        position: 45,
        paused: true,
      });
      const playing = await eventually(async () => {
        const p = await ctx.atv.metadata.playing();
        return p.title === "song" ? p : undefined;
      }, "the music update");
      expect(playing.mediaType).toBe(MediaType.Music);
      expect(playing.deviceState).toBe(DeviceState.Paused);
      expect([playing.artist, playing.album, playing.genre]).toEqual(["band", "record", "rock"]);
      expect(playing.totalTime).toBe(123);
      expect(playing.position).toBe(45);
    });

    it("position advances while playing", async () => {
      ctx.device.musicPlaying({ title: "running", totalTime: 600, position: 100 });
      const playing = await eventually(async () => {
        const p = await ctx.atv.metadata.playing();
        return p.title === "running" ? p : undefined;
      }, "the update");
      expect(playing.deviceState).toBe(DeviceState.Playing);
      expect(playing.position).toBeGreaterThanOrEqual(100);
      expect(playing.position).toBeLessThanOrEqual(102);
      await eventually(
        async () => ((await ctx.atv.metadata.playing()).position ?? 0) >= 101,
        "position 101",
        3000,
      );
    });

    it("video", async () => {
      ctx.device.videoPlaying({ title: "film", totalTime: 7200 });
      await eventually(async () => (await ctx.atv.metadata.playing()).mediaType === MediaType.Video, "video");
      expect((await ctx.atv.metadata.playing()).title).toBe("film");
    });

    it.skipIf(skip.has("series"))("tv: series, season and episode", async () => {
      ctx.device.tvPlaying({ title: "pilot", seriesName: "show", seasonNumber: 2, episodeNumber: 5 });
      const playing = await eventually(async () => {
        const p = await ctx.atv.metadata.playing();
        return p.seriesName ? p : undefined;
      }, "the episode");
      expect([playing.seriesName, playing.seasonNumber, playing.episodeNumber]).toEqual(["show", 2, 5]);
    });

    it.skipIf(skip.has("series"))("content and iTunes store identifiers, and the hash", async () => {
      ctx.device.musicPlaying({
        title: "x",
        contentIdentifier: "content-1",
        itunesStoreIdentifier: 987654321,
        hash: "item-1",
      });
      const playing = await eventually(async () => {
        const p = await ctx.atv.metadata.playing();
        return p.contentIdentifier ? p : undefined;
      }, "identifiers");
      expect(playing.contentIdentifier).toBe("content-1");
      expect(playing.itunesStoreIdentifier).toBe(987654321);
      expect(playing.hash).toBe("item-1");
    });

    it("loading", async () => {
      ctx.device.musicPlaying({ title: "buffering" });
      ctx.device.mediaIsLoading();
      await eventually(
        async () => (await ctx.atv.metadata.playing()).deviceState === DeviceState.Loading,
        "Loading",
      );
    });

    it("shuffle and repeat as the device reports them", async () => {
      ctx.device.musicPlaying({ title: "modes" });
      ctx.device.setShuffle(ShuffleState.Songs);
      ctx.device.setRepeat(RepeatState.All);
      await eventually(async () => {
        const p = await ctx.atv.metadata.playing();
        return p.shuffle === ShuffleState.Songs && p.repeat === RepeatState.All;
      }, "shuffle and repeat");
    });

    it("a live title change", async () => {
      ctx.device.musicPlaying({ title: "before" });
      await eventually(async () => (await ctx.atv.metadata.playing()).title === "before", "first title");
      ctx.device.changeTitle("after");
      await eventually(async () => (await ctx.atv.metadata.playing()).title === "after", "changed title");
    });

    it.skipIf(skip.has("app"))("the app that plays", async () => {
      ctx.device.musicPlaying({
        title: "t",
        app: { identifier: "com.example.music", name: "Music Example" },
      });
      await eventually(
        () => ctx.atv.features.inState(FeatureState.Available, FeatureName.App),
        "App feature",
      );
      expect(ctx.atv.metadata.app?.identifier).toBe("com.example.music");
      expect(ctx.atv.metadata.app?.name).toBe("Music Example");
    });
  });

  describe.skipIf(skip.has("artwork"))("Metadata: artwork", () => {
    const ctx = useDevice(harness);

    it("no artwork: undefined and the feature is unavailable", async () => {
      ctx.device.musicPlaying({ title: "bare" });
      await eventually(async () => (await ctx.atv.metadata.playing()).title === "bare", "update");
      expect(ctx.atv.features.getFeature(FeatureName.Artwork).state).toBe(FeatureState.Unavailable);
      expect(await ctx.atv.metadata.artwork()).toBeUndefined();
    });

    it("bytes, MIME type and size", async () => {
      ctx.device.musicPlaying({ title: "with art" });
      ctx.device.changeArtwork(PNG, "image/png", 1, 1);
      await eventually(
        () => ctx.atv.features.inState(FeatureState.Available, FeatureName.Artwork),
        "Artwork feature",
      );
      const artwork = await ctx.atv.metadata.artwork({ width: 100 });
      expect(artwork?.mimetype).toBe("image/png");
      expect(Buffer.from(artwork!.bytes).equals(Buffer.from(PNG))).toBe(true);
      expect([artwork?.width, artwork?.height]).toEqual([1, 1]);
      expect(ctx.atv.metadata.artworkId).toBeTruthy();
      const again = await ctx.atv.metadata.artwork({ width: 100 });
      expect(Buffer.from(again!.bytes).equals(Buffer.from(PNG))).toBe(true);
    });
  });
}
