import { afterEach, describe, expect, it } from "vitest";
import { AuthenticationError, NoCredentialsError, PairingError, InvalidCredentialsError } from "@atv/core";
import { parseCredentials } from "@atv/hap-crypto";
import { until } from "@atv/test-utils";
import { CompanionClient } from "../../src/client.js";
import { CompanionPairingHandler } from "../../src/pairing.js";
import { startCompanionServer, type CompanionServer } from "../../src/server/index.js";
import { companionService, pairWith } from "../helpers/paired.js";

let server: CompanionServer | undefined;
let client: CompanionClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = server = undefined;
});

describe("Companion pairing over loopback", () => {
  it("pairs with the PIN, then verifies and runs the encrypted session", async () => {
    server = await startCompanionServer({ pin: 4321 });
    const credentials = await pairWith(server, 4321);
    const parsed = parseCredentials(credentials);
    expect(parsed.kind).toBe("hap");
    expect(server.state.pairings.size).toBe(1);
    client = await CompanionClient.connect(server.host, server.port, {
      credentials,
      name: "tester",
      rpId: "0123456789ab",
    });
    expect(server.state.hasAuthenticated).toBe(true);
    expect(server.state.lastSystemInfo?.["name"]).toBe("tester");
    expect(server.state.lastSystemInfo?.["_i"]).toBe("0123456789ab");
    const state = server.state;
    await until(() => state.received.length >= 9, { what: "subscriptions" });
    expect(server.state.received).toEqual([
      "_systemInfo",
      "_touchStart",
      "_sessionStart",
      "TVRCSessionStart",
      "_tiStart",
      "_interest",
      "FetchAttentionState",
      "_interest",
      "_interest",
    ]);
    expect(await client.request("FetchLaunchableApplicationsEvent")).toEqual({
      "com.apple.TVMusic": "Music",
      "com.netflix.Netflix": "Netflix",
    });
    await client.close();
    expect(server.state.received.slice(-4)).toEqual(["_interest", "_sessionStop", "_touchStop", "_tiStop"]);
  });

  it("refuses a wrong PIN with PairingError and stores nothing", async () => {
    server = await startCompanionServer({ pin: 1234 });
    await expect(pairWith(server, 9999)).rejects.toThrow(PairingError);
    expect(server.state.pairings.size).toBe(0);
  });

  it("rejects unknown credentials in pair-verify", async () => {
    server = await startCompanionServer();
    const other = await startCompanionServer();
    try {
      const credentials = await pairWith(other);
      await expect(CompanionClient.connect(server.host, server.port, { credentials })).rejects.toThrow(
        AuthenticationError,
      );
    } finally {
      await other.close();
    }
  });

  it("needs HAP credentials", async () => {
    server = await startCompanionServer();
    await expect(CompanionClient.connect(server.host, server.port, { credentials: "" })).rejects.toThrow(
      NoCredentialsError,
    );
    await expect(
      CompanionClient.connect(server.host, server.port, { credentials: "zz:1:2:3" }),
    ).rejects.toThrow(InvalidCredentialsError);
  });

  it("finish() without a PIN is a PairingError; begin() twice is refused", async () => {
    server = await startCompanionServer();
    const handler = new CompanionPairingHandler(undefined, companionService(server.port), {
      host: server.host,
    });
    await handler.begin();
    await expect(handler.begin()).rejects.toThrow(/already begun/);
    await expect(handler.finish()).rejects.toThrow(PairingError);
    await handler.close();
    expect(handler.hasPaired).toBe(false);
  });
});
