/** Legacy (AirPlay 1) pairing wired onto HTTP: our client against our receiver over loopback. */
import { PairingError, Protocol } from "@atv/core";
import { parseCredentials } from "@atv/hap-crypto";
import { afterEach, describe, expect, test } from "vitest";
import { airplayProtocol, AirPlayStream, effectiveCredentials, type AirPlayServer } from "../../src/index.js";
import { configFor, receiver } from "./helpers.js";

let server: AirPlayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An AirPlay 1 receiver that wants legacy pairing: video v1 + SupportsLegacyPairing, flag 0x200. */
const legacyIdentity = { features: (1n << 27n) | 1n, flags: 0x200, model: "AppleTV3,2", osVersion: "8.4.4" };

describe("legacy pairing over loopback", () => {
  test("pair() on an AirPlay 1 receiver pairs the legacy way; play_url then verifies and plays in the clear", async () => {
    server = await receiver({ identity: legacyIdentity });
    const { config, service } = configFor(server);
    const handler = airplayProtocol.pair(config, service, { pin: 1234 });
    await handler.begin();
    await handler.finish();
    expect(handler.hasPaired).toBe(true);
    expect(service.credentials).toMatch(/^:[0-9a-f]{64}::[0-9a-f]{16}$/);
    expect(parseCredentials(service.credentials ?? "").kind).toBe("legacy");
    const uris = server.state.requests.map((r) => r.uri);
    expect(uris).toEqual([
      "/pair-pin-start",
      "/pair-setup-pin",
      "/pair-setup-pin",
      "/pair-setup-pin",
      "/pair-verify",
      "/pair-verify",
    ]);

    server.state.requests.length = 0;
    const stream = new AirPlayStream({
      host: server.host,
      port: server.port,
      version: 1,
      credentials: () => effectiveCredentials(service),
      player: { pollIntervalMs: 10 },
    });
    await stream.playUrl("https://example.com/old.mp4");
    expect(server.state.requests.slice(0, 3).map((r) => r.uri)).toEqual([
      "/pair-verify",
      "/pair-verify",
      "/play",
    ]);
    expect(server.state.playback.url).toBe("https://example.com/old.mp4");
    expect(service.protocol).toBe(Protocol.AirPlay);
  });

  test("a wrong PIN is refused", async () => {
    server = await receiver({ identity: legacyIdentity });
    const { config, service } = configFor(server);
    const handler = airplayProtocol.pair(config, service, { pin: 4321 });
    await handler.begin();
    await expect(handler.finish()).rejects.toBeInstanceOf(PairingError);
    expect(service.credentials).toBeUndefined();
  });

  test("without legacy credentials the receiver answers 470 to /play", async () => {
    server = await receiver({ identity: legacyIdentity });
    const { service } = configFor(server);
    const stream = new AirPlayStream({
      host: server.host,
      port: server.port,
      version: 1,
      credentials: () => effectiveCredentials(service),
    });
    await expect(stream.playUrl("https://example.com/x.mp4")).rejects.toMatchObject({ statusCode: 470 });
  });
});

describe("/auth-setup", () => {
  test("the fake receiver answers pyatv's MFi-SAP request", async () => {
    const { HttpConnection } = await import("../../src/rtsp.js");
    const { postAuthSetup } = await import("../../src/index.js");
    server = await receiver({ identity: legacyIdentity });
    const connection = await HttpConnection.connect(server.host, server.port);
    try {
      const info = await postAuthSetup(connection);
      expect(info.devicePublicKey?.length).toBe(32);
      expect(info.length).toBeGreaterThan(1000);
    } finally {
      await connection.close();
    }
  });
});
