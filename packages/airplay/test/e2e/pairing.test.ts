import { BackOffError, PairingError } from "@atv/core";
import { parseCredentials } from "@atv/hap-crypto";
import { afterEach, describe, expect, test } from "vitest";
import {
  AirPlayPairingHandler,
  ConnectionAuthorizationRequiredError,
  verifyConnection,
  type AirPlayServer,
} from "../../src/index.js";
import { HttpConnection, response } from "../../src/rtsp.js";
import { configFor, receiver } from "./helpers.js";

let server: AirPlayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("HAP pairing over loopback", () => {
  test("pairs with the right PIN, sends the client name, and the credentials verify and encrypt", async () => {
    server = await receiver();
    const { config, service } = configFor(server);
    const handler = new AirPlayPairingHandler(config, service, { name: "Kitchen iPad" });
    await handler.begin();
    handler.pin(1234);
    await handler.finish();
    expect(handler.hasPaired).toBe(true);
    const credentials = parseCredentials(service.credentials ?? "");
    expect(credentials.kind).toBe("hap");
    expect(service.credentials).toMatch(/^[0-9a-f]{64}:[0-9a-f]{64}:[0-9a-f]+:[0-9a-f]+$/);
    expect(server.state.clientNames).toContain("Kitchen iPad");
    expect(server.state.controllers.size).toBe(1);

    // A new connection: pair-verify, then everything is encrypted; /info answers through the cipher.
    const connection = await HttpConnection.connect(server.host, server.port);
    try {
      const secret = await verifyConnection(connection, credentials, { encrypt: true });
      expect(secret?.length).toBe(32);
      expect(connection.encrypted).toBe(true);
      const info = await connection.request({ method: "GET", uri: "/info", protocol: "RTSP/1.0" });
      expect(info.status).toBe(200);
      expect(info.headers.get("CSeq")).toBe("0");
    } finally {
      await connection.close();
    }
  });

  test("a wrong PIN is refused with PairingError and no credentials", async () => {
    server = await receiver();
    const { config, service } = configFor(server);
    const handler = new AirPlayPairingHandler(config, service, { pin: 9999 });
    await handler.begin();
    await expect(handler.finish()).rejects.toBeInstanceOf(PairingError);
    expect(handler.hasPaired).toBe(false);
    expect(service.credentials).toBeUndefined();
    expect(server.state.controllers.size).toBe(0);
  });

  test("unknown credentials are refused by pair-verify", async () => {
    server = await receiver();
    const other = await receiver();
    try {
      const { config, service } = configFor(other);
      const handler = new AirPlayPairingHandler(config, service, { pin: 1234 });
      await handler.begin();
      await handler.finish();
      const connection = await HttpConnection.connect(server.host, server.port);
      try {
        await expect(
          verifyConnection(connection, parseCredentials(service.credentials ?? ""), { encrypt: true }),
        ).rejects.toThrow(/pair-verify/);
      } finally {
        await connection.close();
      }
    } finally {
      await other.close();
    }
  });

  test("transient pairing (PIN 3939, HKP 4) encrypts the connection", async () => {
    server = await receiver();
    const connection = await HttpConnection.connect(server.host, server.port);
    try {
      const secret = await verifyConnection(connection, { kind: "transient" }, { encrypt: true });
      expect(secret?.length).toBe(64);
      const info = await connection.request({ method: "GET", uri: "/playback-info" });
      expect(info.status).toBe(200);
      const hkp = server.state.requests
        .filter((r) => r.uri === "/pair-setup")
        .map((r) => r.headers.find(([k]) => k === "X-Apple-HKP")?.[1]);
      expect(hkp).toEqual(["4", "4"]);
    } finally {
      await connection.close();
    }
  });

  test("a receiver that requires pairing answers 470, surfaced as a typed error with the status", async () => {
    server = await receiver();
    const connection = await HttpConnection.connect(server.host, server.port);
    try {
      await verifyConnection(connection, { kind: "none" }, { encrypt: false });
      const { playUrl } = await import("../../src/player.js");
      const error = await playUrl(connection, "http://example.invalid/a.mp4", { version: 1 }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConnectionAuthorizationRequiredError);
      expect((error as ConnectionAuthorizationRequiredError).statusCode).toBe(470);
    } finally {
      await connection.close();
    }
  });

  test("BackOff from the device is surfaced as BackOffError with the delay", async () => {
    server = await receiver({
      extraRoutes: [
        (request) => {
          if (request.uri !== "/pair-setup") return undefined;
          // State 2, Error 3 (BackOff), BackOff 30 s.
          return response({ status: 200, body: new Uint8Array([6, 1, 2, 7, 1, 3, 8, 1, 30]) });
        },
      ],
    });
    const { config, service } = configFor(server);
    const handler = new AirPlayPairingHandler(config, service, { pin: 1234 });
    const error = await handler.begin().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackOffError);
    expect((error as BackOffError).backOffSeconds).toBe(30);
  });
});
