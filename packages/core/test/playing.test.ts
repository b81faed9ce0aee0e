import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DeviceState, MediaType, Playing, RepeatState, ShuffleState } from "../src/index.js";

describe("Playing", () => {
  it("hashes title+artist+album+totalTime like pyatv (None for missing)", () => {
    const p = new Playing({ title: "Song", artist: "Band", album: "LP", totalTime: 123 });
    expect(p.hash).toBe(createHash("sha256").update("SongBandLP123").digest("hex"));
    const missing = new Playing({ title: "Song" });
    expect(missing.hash).toBe(createHash("sha256").update("SongNoneNoneNone").digest("hex"));
  });

  it("prefers the protocol's hash", () => {
    expect(new Playing({ title: "x", hash: "abc" }).hash).toBe("abc");
  });

  it("clamps the position to 0..totalTime", () => {
    expect(new Playing({ position: 500, totalTime: 100 }).position).toBe(100);
    expect(new Playing({ position: -5, totalTime: 100 }).position).toBe(0);
    expect(new Playing({ position: 12.9 }).position).toBe(12);
    expect(new Playing({}).position).toBeUndefined();
  });

  it("compares every field", () => {
    const a = new Playing({
      title: "t",
      deviceState: DeviceState.Playing,
      mediaType: MediaType.Music,
      position: 3,
    });
    expect(a.equals(new Playing(a.toFields()))).toBe(true);
    expect(a.equals(a.with({ position: 4 }))).toBe(false);
    expect(a.equals(a.with({ shuffle: ShuffleState.Songs }))).toBe(false);
    expect(a.equals(a.with({ repeat: RepeatState.All }))).toBe(false);
    expect(a.equals(a.with({ itunesStoreIdentifier: 5 }))).toBe(false);
    expect(a.equals(a.with({ hash: "h" }))).toBe(false);
    expect(a.equals(undefined)).toBe(false);
  });

  it("defaults to Unknown/Idle and prints atvremote's block", () => {
    const p = new Playing({ title: "Song", position: 30, totalTime: 120, repeat: RepeatState.Off });
    expect(p.mediaType).toBe(MediaType.Unknown);
    expect(p.deviceState).toBe(DeviceState.Idle);
    const text = p.toString();
    expect(text).toContain("Media type: Unknown");
    expect(text).toContain("Title: Song");
    expect(text).toContain("Position: 30/120s (25.0%)");
    expect(text).toContain("Repeat: Off");
  });

  // Expected strings follow pyatv's Playing.__str__ (pyatv/interface.py): each label
  // right-aligned in 12 columns, then ": value"; the position line has three cases.
  it("prints atvremote's block byte for byte", () => {
    const p = new Playing({
      mediaType: MediaType.Video,
      deviceState: DeviceState.Playing,
      title: "Ep",
      seriesName: "Show",
      seasonNumber: 2,
      episodeNumber: 3,
      contentIdentifier: "cid",
      position: 30,
      totalTime: 120,
      repeat: RepeatState.Track,
      shuffle: ShuffleState.Off,
    });
    expect(p.toString()).toBe(
      [
        "  Media type: Video",
        "Device state: Playing",
        "       Title: Ep",
        " Series Name: Show",
        "      Season: 2",
        "     Episode: 3",
        "  Identifier: cid",
        "    Position: 30/120s (25.0%)",
        "      Repeat: Track",
        "     Shuffle: Off",
      ].join("\n"),
    );
  });

  it.each([
    [{ totalTime: 200 }, "  Total time: 200s"], // no position: the total alone
    [{ position: 12 }, "    Position: 12s"],
    [{ position: 0 }, undefined], // position 0 without a total: nothing
    [{ position: 0, totalTime: 0 }, undefined],
    [{ position: 0, totalTime: 50 }, "    Position: 0/50s (0.0%)"],
  ])("position line for %j", (fields, expected) => {
    const lines = new Playing(fields).toString().split("\n").slice(2);
    expect(lines).toEqual(expected === undefined ? [] : [expected]);
  });

  it("is immutable", () => {
    const p = new Playing({ title: "a" });
    expect(() => {
      (p as { title: string | undefined }).title = "b";
    }).toThrow(TypeError);
  });
});
