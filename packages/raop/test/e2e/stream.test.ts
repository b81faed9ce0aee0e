import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AuthenticationError } from "@atv/core";
import { RaopStream, startRaopReceiver, type RaopReceiver } from "../../src/index.js";
import { expectedPcm, makeWav } from "../helpers/wav.js";

const FAST_LATENCY = 352 * 8;
let receiver: RaopReceiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function streamTo(
  r: RaopReceiver,
  extra: Partial<ConstructorParameters<typeof RaopStream>[0]> = {},
): RaopStream {
  return new RaopStream({
    host: r.host,
    port: r.port,
    properties: r.txt(),
    latencyFrames: FAST_LATENCY,
    ...extra,
  });
}

describe("RAOP client ↔ receiver side over loopback (AirPlay 1)", () => {
  it("delivers every sample of a WAV bit-exactly (L16) with metadata, artwork, progress and volume", async () => {
    receiver = await startRaopReceiver();
    const spec = { frames: 44100 / 2 + 123, info: { title: "Ramp", artist: "atv", album: "Tests" } };
    const stream = streamTo(receiver);
    const artwork = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const progress: number[] = [];
    stream.on("progress", (p) => progress.push(p.framesSent));
    await stream.setVolume(50);
    await stream.streamFile(makeWav(spec), { metadata: { artwork } });
    const s = receiver.state;
    const pcm = s.pcm();
    const expected = expectedPcm(spec);
    expect(Buffer.from(pcm.subarray(0, expected.length)).equals(Buffer.from(expected))).toBe(true);
    expect(pcm.subarray(expected.length).every((b) => b === 0)).toBe(true);
    expect(s.sdp?.payload).toBe("L16");
    expect(s.metadata).toEqual({ title: "Ramp", artist: "atv", album: "Tests" });
    expect(s.artwork).toEqual(artwork);
    expect(s.volume).toBe(-15);
    expect(s.progress).toBeDefined();
    const [start, now, end] = s.progress as [number, number, number];
    expect(now).toBe(start);
    expect(end - start).toBe(Math.round((spec.frames / 44100) * 44100));
    expect(s.syncPackets).toBeGreaterThanOrEqual(1);
    expect(s.teardown).toBe(true);
    expect(s.authSetups).toBe(1);
    expect(s.requests.map((r) => r.method)).toEqual([
      "GET",
      "POST",
      "ANNOUNCE",
      "SETUP",
      "SET_PARAMETER",
      "SET_PARAMETER",
      "SET_PARAMETER",
      "SET_PARAMETER",
      "POST",
      "RECORD",
      "FLUSH",
      "TEARDOWN",
    ]);
    expect(progress.at(-1)).toBe(spec.frames);
  });

  it("uses ALAC escape frames when the receiver lacks PCM, still bit-exact", async () => {
    receiver = await startRaopReceiver();
    const spec = { frames: 352 * 20 + 5 };
    const stream = streamTo(receiver, { properties: { ...receiver.txt(), cn: "1" } });
    await stream.streamFile(makeWav(spec));
    expect(receiver.state.sdp?.payload).toBe("ALAC");
    const expected = expectedPcm(spec);
    expect(Buffer.from(receiver.state.pcm().subarray(0, expected.length)).equals(Buffer.from(expected))).toBe(
      true,
    );
    expect(receiver.state.metadata).toEqual({
      title: "Streaming with pyatv",
      artist: "pyatv",
      album: "AirPlay",
    });
  });

  it("authenticates with the right password and rejects a wrong or missing one", async () => {
    receiver = await startRaopReceiver({ password: "s3cret" });
    const spec = { frames: 352 * 4 };
    await streamTo(receiver, { password: "s3cret" }).streamFile(makeWav(spec));
    const expected = expectedPcm(spec);
    expect(Buffer.from(receiver.state.pcm().subarray(0, expected.length)).equals(Buffer.from(expected))).toBe(
      true,
    );
    expect(receiver.state.requests.filter((r) => r.method === "ANNOUNCE")).toHaveLength(2);
    await expect(streamTo(receiver, { password: "wrong" }).streamFile(makeWav(spec))).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    await expect(streamTo(receiver).streamFile(makeWav(spec))).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("retransmits packets the receiver reports lost", async () => {
    receiver = await startRaopReceiver();
    const spec = { frames: 352 * 30 };
    const dropped = new Set([3, 4, 11]);
    const stream = streamTo(receiver, { dropPacket: (_seq, index) => dropped.has(index) });
    await stream.streamFile(makeWav(spec));
    const s = receiver.state;
    expect(s.retransmitRequests.map((r) => r.count)).toEqual([2, 1]);
    expect(s.retransmittedPackets).toBe(3);
    const expected = expectedPcm(spec);
    expect(Buffer.from(s.pcm().subarray(0, expected.length)).equals(Buffer.from(expected))).toBe(true);
  });

  it("sends a sync packet per second of audio from the send loop, each mapping RTP time to the stream's NTP time", async () => {
    receiver = await startRaopReceiver();
    // 2.2 s of audio: syncs at the start, after 126 packets (the first ≥ 44100 frames) and after 252.
    await streamTo(receiver).streamFile(makeWav({ frames: 44100 * 2 + 8820 }));
    const syncs = receiver.state.syncs;
    expect(syncs.map((s) => s.first)).toEqual([true, false, false]);
    for (const s of syncs) expect((s.rtpTime - s.rtpTimeLessLatency) >>> 0).toBe(FAST_LATENCY);
    const ntp = (s: (typeof syncs)[number]): number => s.ntpSeconds + s.ntpFraction / 2 ** 32;
    for (let i = 1; i < syncs.length; i++) {
      const [a, b] = [syncs[i - 1], syncs[i]] as [(typeof syncs)[number], (typeof syncs)[number]];
      expect((b.rtpTime - a.rtpTime) >>> 0).toBe(126 * 352);
      // The NTP time moves with the frames sent, not with the clock: 44352 / 44100 s (± one frame).
      expect(Math.abs(ntp(b) - ntp(a) - (126 * 352) / 44100)).toBeLessThan(1 / 44100);
    }
  });
  it("stops mid-stream on stopStream() and resolves; adopts initialVolume from /info", async () => {
    receiver = await startRaopReceiver({ initialVolume: -6 });
    const stream = streamTo(receiver);
    const spec = { frames: 44100 * 30 };
    const done = stream.streamFile(makeWav({ ...spec, info: { title: "Long", artist: "Ramp" } }));
    await new Promise<void>((resolve) => stream.once("progress", () => resolve()));
    const playing = await stream.playing();
    expect(playing).toMatchObject({ title: "Long", artist: "Ramp", album: "AirPlay", totalTime: 30 });
    expect(playing.position).toBeGreaterThanOrEqual(0);
    await stream.stopStream();
    await done;
    expect(stream.volume).toBeCloseTo(80, 5);
    expect(receiver.state.volume).toBeCloseTo(-6, 5);
    expect(receiver.state.teardown).toBe(true);
    expect(receiver.state.pcm().length).toBeLessThan(expectedPcm(spec).length / 4);
    expect((await stream.playing()).deviceState).toBe(0);
  });

  it("fails with a typed error before sending anything when the file is corrupt", async () => {
    receiver = await startRaopReceiver();
    const bad = makeWav({ frames: 10 });
    bad[20] = 0x55; // format tag
    await expect(streamTo(receiver).streamFile(bad)).rejects.toMatchObject({ name: "AudioFormatError" });
    expect(receiver.state.requests).toHaveLength(0);
  });
});

describe("tags from a local file", () => {
  it("sends the WAV's duration as progress and its tags as metadata when streaming a path", async () => {
    receiver = await startRaopReceiver();
    const dir = mkdtempSync(join(tmpdir(), "atv-raop-tags-"));
    try {
      const path = join(dir, "tagged.wav");
      writeFileSync(path, makeWav({ frames: 4410, info: { title: "From file", artist: "Disk" } }));
      await streamTo(receiver).streamFile(path);
      expect(receiver.state.metadata).toEqual({ title: "From file", artist: "Disk", album: "AirPlay" });
      const [start, , end] = receiver.state.progress ?? [0, 0, 0];
      expect(end - start).toBe(4410);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
