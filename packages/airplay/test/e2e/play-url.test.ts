import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConnectionLostError, OperationTimeoutError, PlaybackError } from "@atv/core";
import { afterEach, describe, expect, test } from "vitest";
import {
  AirPlayHttpError,
  AirPlayPairingHandler,
  AirPlayStream,
  effectiveCredentials,
  protocolVersion,
  type AirPlayServer,
} from "../../src/index.js";
import { HttpConnection } from "../../src/rtsp.js";
import { configFor, receiver } from "./helpers.js";

let server: AirPlayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fast = { pollIntervalMs: 10, retryDelayMs: 10 };

function streamFor(
  s: AirPlayServer,
  credentials?: string,
  extra: Partial<ConstructorParameters<typeof AirPlayStream>[0]> = {},
): AirPlayStream {
  const { service } = configFor(s, credentials);
  return new AirPlayStream({
    host: s.host,
    port: s.port,
    version: protocolVersion(service.properties),
    credentials: () => effectiveCredentials(service),
    player: fast,
    ...extra,
  });
}

const paths = (s: AirPlayServer): string[] =>
  s.state.requests.map((r) => `${r.method} ${r.uri.split("?")[0] ?? ""}`);

describe("play_url against the fake receiver", () => {
  test("AirPlay 2 with transient pairing: encrypted session, /play, properties, rate, polling to the end", async () => {
    server = await receiver();
    await streamFor(server).playUrl("https://example.com/movie.mp4", { positionSeconds: 12 });
    const playback = server.state.playback;
    expect(playback.url).toBe("https://example.com/movie.mp4");
    expect(playback.startPosition).toBe(12);
    expect(playback.phase).toBe("finished");
    expect(playback.rate).toBe(1);
    expect(playback.fetched).toBeUndefined();
    const seen = paths(server);
    expect(seen.slice(0, 7)).toEqual([
      "POST /pair-pin-start",
      "POST /pair-setup",
      "POST /pair-setup",
      expect.stringMatching(/^SETUP rtsp:\/\/127\.0\.0\.1\/\d+$/),
      "RECORD " + (seen[3] ?? "").slice(6),
      "POST /play",
      "PUT /setProperty",
    ]);
    expect(seen).toContain("POST /rate");
    expect(seen.filter((p) => p === "GET /playback-info").length).toBe(3);
  });

  test("AirPlay 2 with HAP credentials from pairing", async () => {
    server = await receiver();
    const { config, service } = configFor(server);
    const handler = new AirPlayPairingHandler(config, service, { pin: 1234 });
    await handler.begin();
    await handler.finish();
    server.state.requests.length = 0;
    await streamFor(server, service.credentials).playUrl("https://example.com/a.mp4");
    expect(paths(server).slice(0, 2)).toEqual(["POST /pair-verify", "POST /pair-verify"]);
    expect(server.state.playback.url).toBe("https://example.com/a.mp4");
  });

  test("AirPlay 1 receiver: plain /play with pyatv's body and headers", async () => {
    server = await receiver({ identity: { features: 0x1n, flags: 0x4 } });
    await streamFor(server).playUrl("https://example.com/media/sample.mp4");
    const play = server.state.requests.find((r) => r.uri === "/play");
    expect(play?.headers).toEqual([
      ["User-Agent", "MediaControl/1.0"],
      ["Content-Type", "application/x-apple-binary-plist"],
      ["Content-Length", String(play?.bodyLength)],
    ]);
    expect(server.state.playback).toMatchObject({
      url: "https://example.com/media/sample.mp4",
      startPosition: 0,
      phase: "finished",
    });
    expect(paths(server).some((p) => p.startsWith("SETUP"))).toBe(false);
  });

  test("a local file is served over HTTP with Range support and fetched by the receiver", async () => {
    server = await receiver();
    const dir = mkdtempSync(join(tmpdir(), "atv-airplay-"));
    const file = join(dir, "clip.mp4");
    writeFileSync(file, Buffer.alloc(100_000, 7));
    await streamFor(server).playUrl(file);
    expect(server.state.playback.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/clip\.mp4$/);
    expect(server.state.playback.fetched).toEqual({ status: 206, bytes: 65536 });
    expect(server.state.playback.phase).toBe("finished");
  });

  test("a device error on /play becomes a typed error with the status", async () => {
    server = await receiver();
    server.state.playStatus = 453;
    const error = await streamFor(server)
      .playUrl("https://example.com/a.mp4")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AirPlayHttpError);
    expect((error as AirPlayHttpError).statusCode).toBe(453);
  });

  test("500 is retried three times, then fails", async () => {
    server = await receiver();
    server.state.playStatus = 500;
    const error = await streamFor(server)
      .playUrl("https://example.com/a.mp4")
      .catch((e: unknown) => e);
    expect((error as AirPlayHttpError).statusCode).toBe(500);
    expect(paths(server).filter((p) => p === "POST /play").length).toBe(3);
  });

  test("a playback error reported by the device fails with PlaybackError", async () => {
    server = await receiver();
    server.state.failPlaybackWith = { code: -11800, domain: "AVFoundationErrorDomain" };
    await expect(streamFor(server).playUrl("https://example.com/a.mp4")).rejects.toThrow(PlaybackError);
    await expect(streamFor(server).playUrl("https://example.com/a.mp4")).rejects.toThrow(/-11800/);
  });

  test("a receiver that fails to fetch a loopback URL reports a playback error", async () => {
    server = await receiver();
    await expect(streamFor(server).playUrl("http://127.0.0.1:1/nothing.mp4")).rejects.toThrow(PlaybackError);
  });

  test("an AbortSignal stops playback with its reason; close() stops it quietly", async () => {
    server = await receiver();
    server.state.playingPolls = 1_000_000;
    const stream = streamFor(server);
    const controller = new AbortController();
    const playing = stream.playUrl("https://example.com/a.mp4", { signal: controller.signal });
    await vitestUntil(() => server?.state.playback.polls ?? 0, 2);
    controller.abort(new Error("user stopped"));
    await expect(playing).rejects.toThrow("user stopped");

    const second = stream.playUrl("https://example.com/b.mp4");
    await vitestUntil(
      () => (server?.state.playback.url === "https://example.com/b.mp4" ? server.state.playback.polls : 0),
      2,
    );
    stream.close();
    await expect(second).resolves.toBeUndefined();
    expect(stream.playing).toBe(false);
  });

  test("a device that never answers times out with OperationTimeoutError", async () => {
    server = await receiver();
    server.state.silent = true;
    const stream = streamFor(server, undefined, { requestTimeoutMs: 200 });
    await expect(stream.playUrl("https://example.com/a.mp4")).rejects.toBeInstanceOf(OperationTimeoutError);
  });
});

describe("connection", () => {
  test("loss is reported once, and pending requests reject with ConnectionLostError", async () => {
    server = await receiver({ requireAuthentication: false });
    server.state.silent = true;
    server.state.playback.phase = "playing";
    const connection = await HttpConnection.connect(server.host, server.port);
    const events: unknown[] = [];
    connection.on("closed", (error) => events.push(error));
    const pending = connection.request({ method: "GET", uri: "/playback-info" });
    await vitestUntil(() => server?.connections.size ?? 0, 1);
    for (const c of server.connections) c.destroy();
    await expect(pending).rejects.toBeInstanceOf(ConnectionLostError);
    await connection.close();
    await connection.close();
    expect(events).toHaveLength(1);
    expect(events[0]).toBeInstanceOf(ConnectionLostError);
    await expect(connection.request({ method: "GET", uri: "/x" })).rejects.toBeInstanceOf(
      ConnectionLostError,
    );
  });

  test("connecting to a closed port fails with ConnectionFailedError", async () => {
    server = await receiver();
    const port = server.port;
    await server.close();
    await expect(HttpConnection.connect("127.0.0.1", port)).rejects.toThrow(/could not connect/);
  });
});

async function vitestUntil(read: () => number, atLeast: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (read() >= atLeast) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("condition not reached");
}

describe("password (HTTP Digest)", () => {
  const v1 = { features: 0x1n, flags: 0x4 };

  test("the right password plays; every request after the challenge carries Authorization", async () => {
    server = await receiver({ identity: v1, password: "s3cret" });
    expect(server.properties["flags"]).toBe("0x84");
    await streamFor(server, undefined, { password: "s3cret" }).playUrl("https://example.com/pw.mp4");
    expect(server.state.playback.url).toBe("https://example.com/pw.mp4");
    const plays = server.state.requests.filter((r) => r.uri === "/play");
    expect(plays.map((r) => r.headers.some(([k]) => k === "Authorization"))).toEqual([false, true]);
    const polls = server.state.requests.filter((r) => r.uri === "/playback-info");
    expect(polls.every((r) => r.headers.some(([k]) => k === "Authorization"))).toBe(true);
  });

  test("no or a wrong password fails with the 401 status", async () => {
    server = await receiver({ identity: v1, password: "s3cret" });
    await expect(streamFor(server).playUrl("https://example.com/x.mp4")).rejects.toMatchObject({
      statusCode: 401,
    });
    await expect(
      streamFor(server, undefined, { password: "nope" }).playUrl("https://example.com/x.mp4"),
    ).rejects.toMatchObject({
      statusCode: 401,
    });
  });
});

describe("AirPlay 1 receiver with HAP credentials", () => {
  test("pair-verify runs, the connection stays in the clear, and /play follows", async () => {
    server = await receiver({ identity: { features: 0x1n, flags: 0x200 } });
    const { config, service } = configFor(server);
    const handler = new AirPlayPairingHandler(config, service, { pin: 1234 });
    // Feature bit 27 is clear: HAP pairing even on AirPlay 1.
    await handler.begin();
    await handler.finish();
    server.state.requests.length = 0;
    await streamFor(server, service.credentials).playUrl("https://example.com/v1.mp4");
    expect(paths(server).slice(0, 3)).toEqual(["POST /pair-verify", "POST /pair-verify", "POST /play"]);
    expect(server.state.playback.url).toBe("https://example.com/v1.mp4");
  });
});
