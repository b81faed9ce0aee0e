import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  InvalidCredentialsError,
  NoCredentialsError,
  NotSupportedError,
} from "@atv/core";
import { DEFAULT_HSGID, startDmapServer } from "../../src/server/index.js";
import { DmapSession } from "../../src/session.js";
import { DmapSetup } from "../../src/setup.js";
import { connected } from "../helpers/device.js";

describe("DMAP session against the device side (loopback)", () => {
  it("logs in with the hsgid and uses the session id first in every query", async () => {
    await using c = await connected();
    expect(c.setup.appleTV?.session.sessionId).toBe(55555);
    await c.setup.capabilities.metadata.playing();
    expect(c.device.requests).toEqual([
      `GET /login?hsgid=${DEFAULT_HSGID}&hasFP=1`,
      "GET /ctrl-int/1/getproperty?properties=dmcp.volume&session-id=55555",
      "GET /ctrl-int/1/playstatusupdate?session-id=55555&revision-number=0",
    ]);
  });

  it("logs in with a pairing GUID the device knows", async () => {
    await using c = await connected({
      device: { pairingGuids: ["0x0123456789ABCDEF"] },
      client: { credentials: "0x0123456789abcdef" },
    });
    expect(c.device.requests[0]).toBe("GET /login?pairing-guid=0x0123456789abcdef&hasFP=1");
    expect(c.device.sessionCount).toBe(1);
  });

  it("unknown credentials: login tried twice, then AuthenticationError", async () => {
    await using device = await startDmapServer();
    const setup = new DmapSetup({ host: "127.0.0.1", port: device.port, credentials: "0x1111111111111111" });
    await expect(setup.connect()).rejects.toBeInstanceOf(AuthenticationError);
    expect(device.requests.filter((r) => r.startsWith("GET /login"))).toHaveLength(2);
  });

  it("malformed or missing credentials are refused before any traffic", () => {
    expect(() => new DmapSession({ host: "127.0.0.1", port: 1, credentials: "nope" })).toThrow(
      InvalidCredentialsError,
    );
    expect(() => new DmapSession({ host: "127.0.0.1", port: 1, credentials: undefined })).toThrow(
      NoCredentialsError,
    );
  });

  it("logs in again once when the device expired the session, and retries the request", async () => {
    await using c = await connected();
    c.device.useCases.musicPlaying({ title: "after expiry" });
    c.device.expireSessions();
    const playing = await c.setup.capabilities.metadata.playing();
    expect(playing.title).toBe("after expiry");
    expect(c.setup.appleTV?.session.sessionId).toBe(55556);
    expect(c.device.requests.slice(2)).toEqual([
      "GET /ctrl-int/1/playstatusupdate?session-id=55555&revision-number=0",
      `GET /login?hsgid=${DEFAULT_HSGID}&hasFP=1`,
      "GET /ctrl-int/1/playstatusupdate?session-id=55556&revision-number=0",
    ]);
  });

  it("HTTP 500 is NotSupportedError", async () => {
    await using c = await connected();
    await expect(c.setup.appleTV!.ctrlInt("nosuchcommand")).rejects.toBeInstanceOf(NotSupportedError);
  });

  it("honours an aborted signal", async () => {
    await using c = await connected();
    const abort = new AbortController();
    abort.abort(new Error("stop"));
    await expect(c.setup.capabilities.metadata.playing({ signal: abort.signal })).rejects.toThrow("stop");
  });

  it("close() is idempotent and later calls are refused", async () => {
    await using c = await connected();
    await c.setup.close();
    await c.setup.close();
    await expect(c.setup.capabilities.metadata.playing()).rejects.toThrow(/closed/);
  });
});
