/** `/auth-setup` (MFi-SAP, airplay.md §5.4): pyatv's request bytes, response handling, the device side. */
import { hex } from "@atv/test-utils";
import { describe, expect, it } from "vitest";
import {
  AUTH_SETUP_PATH,
  authSetupRequestBody,
  AuthSetupServer,
  parseAuthSetupResponse,
  requiresAuthSetup,
} from "../../src/auth/auth-setup.js";
import { authSetupRoute, postAuthSetup } from "../../src/auth/auth-setup-http.js";
import { MalformedLegacyMessageError } from "../../src/auth/legacy/index.js";
import { AirPlayHttpError } from "../../src/errors.js";
import { HttpConnection } from "../../src/http/connection.js";
import { response } from "../../src/http/message.js";
import { HttpServer } from "../../src/http/server.js";

describe("/auth-setup", () => {
  it("sends 01 ‖ owntone's Curve25519 key, 33 bytes, as pyatv does", () => {
    const body = authSetupRequestBody();
    expect(hex(body)).toBe("015902ede90d4ef2bd4cb68a6330038207a94dbd50d8aa465b5d8c012a0c7e1d4e");
    body[0] = 9; // callers get a copy
    expect(authSetupRequestBody()[0]).toBe(1);
  });

  it("is needed only for et ∋ 4 and an AirPort model", () => {
    expect(requiresAuthSetup({ et: "0,4", am: "AirPort10,115" })).toBe(true);
    expect(requiresAuthSetup({ et: "0,1,4", am: "AirPort4,107" })).toBe(true);
    expect(requiresAuthSetup({ et: "0,3,5", am: "AirPort10,115" })).toBe(false);
    expect(requiresAuthSetup({ et: "0,4", am: "AudioAccessory5,1" })).toBe(false);
    expect(requiresAuthSetup({ et: "14", am: "AirPort10,115" })).toBe(false);
    expect(requiresAuthSetup({})).toBe(false);
  });

  it("our device answers like a real AirPort Express (1076 bytes: key, certificate, signature)", () => {
    const server = new AuthSetupServer();
    const response = server.handle(AUTH_SETUP_PATH, authSetupRequestBody());
    expect(response).toHaveLength(1076);
    const info = parseAuthSetupResponse(response);
    expect(info.devicePublicKey).toHaveLength(32);
    expect(info.certificate).toHaveLength(908);
    expect(info.signature).toHaveLength(128);
    expect(server.handshakes).toBe(1);
  });

  it("the device refuses other bodies with a typed error", () => {
    const server = new AuthSetupServer();
    const encrypted = authSetupRequestBody();
    encrypted[0] = 2;
    for (const body of [new Uint8Array(), new Uint8Array(32), new Uint8Array(34), encrypted]) {
      expect(() => server.handle(AUTH_SETUP_PATH, body)).toThrow(MalformedLegacyMessageError);
    }
    expect(() => server.handle("/fp-setup", authSetupRequestBody())).toThrow(RangeError);
    expect(server.handshakes).toBe(0);
  });

  it("the client accepts any answer (pyatv ignores it): odd shapes are described as unknown", () => {
    expect(parseAuthSetupResponse(new Uint8Array())).toMatchObject({ length: 0, certificate: undefined });
    expect(parseAuthSetupResponse(new Uint8Array(1076).fill(0xff)).certificate).toBeUndefined();
  });
});

describe("/auth-setup over loopback HTTP", () => {
  it("postAuthSetup ↔ authSetupRoute; a non-200 answer is an AirPlayHttpError", async () => {
    const device = new AuthSetupServer();
    const route = authSetupRoute(device);
    const server = await HttpServer.listen({
      host: "127.0.0.1",
      handler: (req) => route(req) ?? response({ status: 404 }),
    });
    const conn = await HttpConnection.connect("127.0.0.1", server.port);
    try {
      const info = await postAuthSetup(conn, { headers: [["User-Agent", "AirPlay/540.31"]] });
      expect(info.length).toBe(1076);
      expect(info.devicePublicKey).toHaveLength(32);
      expect(device.handshakes).toBe(1);
      const bad = await conn.request({ method: "POST", uri: AUTH_SETUP_PATH, body: new Uint8Array(5) });
      expect(bad.status).toBe(400);
      const other = await conn.request({ method: "POST", uri: "/elsewhere", body: new Uint8Array() });
      expect(other.status).toBe(404);
    } finally {
      await conn.close();
      await server.close();
    }
    const refusing = await HttpServer.listen({ host: "127.0.0.1", handler: () => response({ status: 403 }) });
    const conn2 = await HttpConnection.connect("127.0.0.1", refusing.port);
    try {
      await expect(postAuthSetup(conn2)).rejects.toBeInstanceOf(AirPlayHttpError);
    } finally {
      await conn2.close();
      await refusing.close();
    }
  });
});
