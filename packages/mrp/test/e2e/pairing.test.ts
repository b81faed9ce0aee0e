import { afterEach, describe, expect, it } from "vitest";
import {
  AppleTVConfig,
  AuthenticationError,
  BaseService,
  MemoryStorage,
  PairingError,
  Protocol,
} from "@atv/core";
import { mrpProtocol } from "../../src/module.js";
import { MrpClient } from "../../src/client.js";
import { MrpPairingHandler } from "../../src/pairing.js";
import { startMrpServer, type MrpServer } from "../../src/server/index.js";
import { PlaybackState } from "../../src/gen/atv/mrp/now_playing_pb.js";

let server: MrpServer | undefined;
let client: MrpClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = server = undefined;
});

function service(port: number): BaseService {
  return new BaseService({ protocol: Protocol.MRP, port, identifier: "id" });
}

async function pair(s: MrpServer, pin: string | number): Promise<MrpPairingHandler> {
  const handler = new MrpPairingHandler(undefined, service(s.port), { host: s.host });
  await handler.begin();
  handler.pin(pin);
  await handler.finish();
  return handler;
}

describe("MRP pairing and the encrypted session", () => {
  it("pairs with the PIN the device shows, then connects encrypted", async () => {
    server = await startMrpServer({ pin: 4321 });
    const handler = await pair(server, 4321);
    expect(handler.deviceProvidesPin).toBe(true);
    expect(handler.hasPaired).toBe(true);
    const credentials = handler.service.credentials!;
    expect(credentials).toMatch(/^[0-9a-f]{64}:[0-9a-f]{64}:[0-9a-f]+:[0-9a-f]+$/);
    expect(server.state.pairings.size).toBe(1);

    server.useCases.musicPlaying({ title: "secret song" });
    client = await MrpClient.connect(server.host, server.port, { credentials });
    expect(client.session.transport.encrypted).toBe(true);
    expect(server.state.hasAuthenticated).toBe(true);
    expect(client.players.playing.field("title")).toBe("secret song");
    expect(client.players.playing.playbackState).toBe(PlaybackState.PLAYING);
  });

  it("rejects a wrong PIN with PairingError and stores nothing", async () => {
    server = await startMrpServer({ pin: 4321 });
    const handler = new MrpPairingHandler(undefined, service(server.port), { host: server.host });
    await handler.begin();
    handler.pin(1234);
    await expect(handler.finish()).rejects.toBeInstanceOf(PairingError);
    expect(handler.hasPaired).toBe(false);
    expect(handler.service.credentials).toBeUndefined();
    expect(server.state.pairings.size).toBe(0);
  });

  it("finish() without a PIN is a PairingError", async () => {
    server = await startMrpServer();
    const handler = new MrpPairingHandler(undefined, service(server.port), { host: server.host });
    await handler.begin();
    await expect(handler.finish()).rejects.toThrow(/no PIN/);
    await handler.close();
  });

  it("refuses credentials the device does not know (AuthenticationError)", async () => {
    server = await startMrpServer({ pin: 1111 });
    const handler = await pair(server, 1111);
    const other = await startMrpServer({
      pin: 1111,
      identity: { pairingId: server.state.identity.pairingId },
    });
    try {
      await expect(
        MrpClient.connect(other.host, other.port, { credentials: handler.service.credentials }),
      ).rejects.toBeInstanceOf(AuthenticationError);
    } finally {
      await other.close();
    }
  });

  it("through the plug-in: the credentials land on the service and in storage", async () => {
    server = await startMrpServer({ pin: 9876 });
    const config = new AppleTVConfig({ address: server.host, name: "Fake" });
    const service = new BaseService({
      protocol: Protocol.MRP,
      port: server.port,
      identifier: server.state.identity.uniqueIdentifier,
    });
    config.addService(service);
    const storage = new MemoryStorage();
    await storage.load();
    const handler = mrpProtocol.pair(config, service, { storage, pin: 9876 });
    await handler.begin();
    await handler.finish();
    expect(handler.hasPaired).toBe(true);
    expect(service.credentials).toBeTruthy();
    const settings = await storage.getSettings(config);
    expect(settings.protocols.mrp.credentials).toBe(service.credentials);
  });
});

describe("a device that shows a fresh PIN for every pairing", () => {
  it("asks the PIN function on each pair-setup M1", async () => {
    const shown: string[] = [];
    let next = 1000;
    server = await startMrpServer({
      pin: () => {
        const pin = String(++next);
        shown.push(pin);
        return pin;
      },
    });
    const handler = new MrpPairingHandler(undefined, service(server.port), { host: server.host });
    await handler.begin();
    expect(shown).toEqual(["1001"]);
    handler.pin(shown[0]!);
    await handler.finish();
    expect(handler.hasPaired).toBe(true);
  });
});

describe("logging", () => {
  it("debug logs name pairing messages but never dump their bytes", async () => {
    const lines: string[] = [];
    const logger = Object.assign(
      (format: string, ...args: unknown[]) => void lines.push(`${format} ${args.map(String).join(" ")}`),
      {
        enabled: true,
      },
    );
    server = await startMrpServer({ pin: 5555, logger });
    const handler = new MrpPairingHandler(undefined, service(server.port), { host: server.host, logger });
    await handler.begin();
    handler.pin(5555);
    await handler.finish();
    const pairingLines = lines.filter((l) => l.includes("CRYPTO_PAIRING_MESSAGE"));
    expect(pairingLines.length).toBeGreaterThanOrEqual(10); // M1–M6 and verify M1–M4, both sides
    for (const line of pairingLines) expect(line).toMatch(/\(\d+ bytes\)$/);
    expect(lines.some((l) => l.includes("DEVICE_INFO_MESSAGE") && /[0-9a-f]{16}/.test(l))).toBe(true);
  });
});
