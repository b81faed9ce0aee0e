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

  it("is immutable", () => {
    const p = new Playing({ title: "a" });
    expect(() => {
      (p as { title: string | undefined }).title = "b";
    }).toThrow(TypeError);
  });
});
