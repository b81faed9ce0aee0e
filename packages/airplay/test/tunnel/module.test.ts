/**
 * The AirPlay module's MRP tunnel end to end over loopback, as `connect()` uses it: a receiver that
 * accepts the remote-control session and serves @atv/mrp's fake device on the data channel; a tvOS 17
 * Apple TV paired with the PIN, and a HomePod with transient pairing (no pairing step at all).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AppleTV,
  AppleTVConfig,
  BaseService,
  ConnectionLostError,
  InputAction,
  MrpTunnel,
  Protocol,
  createSettings,
  type Settings,
} from "@atv/core";
import { ChannelTransport, MrpSetup, startMrpServer, type MrpServer } from "@atv/mrp";
import {
  airplayProtocol,
  AirPlayPairingHandler,
  startAirPlayServer,
  type AirPlayServer,
} from "../../src/index.js";
import { shouldTunnelMrp } from "../../src/tunnel/mrp-setup.js";

let receiver: AirPlayServer | undefined;
let mrp: MrpServer | undefined;
let atv: AppleTV | undefined;
afterEach(async () => {
  await atv?.close();
  await receiver?.close();
  await mrp?.close();
  atv = receiver = mrp = undefined;
});

const TVOS17 = { model: "AppleTV14,1", osVersion: "17.0", name: "Den" };
const HOMEPOD = { model: "AudioAccessory5,1", osVersion: "17.0", flags: 0x4, name: "Kitchen" };

async function device(
  identity: typeof TVOS17 | typeof HOMEPOD,
): Promise<{ receiver: AirPlayServer; mrp: MrpServer }> {
  mrp = await startMrpServer({ listen: false, identity: { name: identity.name } });
  const fake = mrp;
  receiver = await startAirPlayServer({
    pin: 2468,
    identity,
    onRemoteControl: (channel) => fake.serve(new ChannelTransport(channel, { label: "device" })),
  });
  return { receiver, mrp };
}

function serviceOf(
  server: AirPlayServer,
  credentials?: string,
): { config: AppleTVConfig; service: BaseService } {
  const config = new AppleTVConfig({ address: server.host, name: server.state.identity.name });
  const service = new BaseService({
    identifier: server.state.identity.deviceId,
    protocol: Protocol.AirPlay,
    port: server.port,
    properties: server.properties,
    credentials,
  });
  config.addService(service);
  return { config, service };
}

async function connected(
  server: AirPlayServer,
  credentials: string | undefined,
  settings: Settings = createSettings(),
): Promise<{ atv: AppleTV; events: string[]; errors: Error[] }> {
  const { config, service } = serviceOf(server, credentials);
  const facade = new AppleTV(config, settings);
  atv = facade;
  for (const setup of airplayProtocol.setup({ config, service, settings, takeover: facade.takeover }))
    facade.addSetup(setup);
  const events: string[] = [];
  const errors: Error[] = [];
  facade.on("connectionLost", (error) => {
    events.push("lost");
    errors.push(error);
  });
  await facade.connect();
  return { atv: facade, events, errors };
}

async function pair(server: AirPlayServer): Promise<string> {
  const { config, service } = serviceOf(server);
  const handler = new AirPlayPairingHandler(config, service, { name: "Tunnel test" });
  await handler.begin();
  handler.pin(2468);
  await handler.finish();
  await handler.close();
  return service.credentials as string;
}

describe("MRP over the AirPlay tunnel through the AirPlay module", () => {
  it("tvOS 17: pair AirPlay with the PIN, then playing, buttons, volume, push updates, artwork", async () => {
    const { receiver, mrp } = await device(TVOS17);
    const credentials = await pair(receiver);
    const { atv } = await connected(receiver, credentials);
    expect(atv.protocols).toContain(Protocol.MRP);
    mrp.useCases.musicPlaying({ title: "Over AirPlay", artist: "Tunnel", totalTime: 60 });
    mrp.useCases.changeArtwork(new Uint8Array([1, 2, 3]), "image/png", {
      width: 1,
      height: 1,
      identifier: "x",
    });
    await vi.waitFor(async () => expect((await atv.metadata.playing()).title).toBe("Over AirPlay"));
    await atv.remoteControl.select(InputAction.SingleTap);
    expect(mrp.state.lastButton?.key).toBe("select");
    await atv.audio.setVolume(25);
    expect(Math.round(mrp.state.volume * 100)).toBe(25);
    expect((await atv.metadata.artwork())?.bytes).toEqual(new Uint8Array([1, 2, 3]));
    const titles: string[] = [];
    atv.pushUpdater.on("playing", (p) => void titles.push(p.title ?? ""));
    atv.pushUpdater.start(0);
    mrp.useCases.changeMetadata({ title: "Next one" });
    await vi.waitFor(() => expect(titles).toContain("Next one"));
    // The tunnel's SETUPs went over the verified, encrypted control connection.
    const methods = receiver.state.requests.map((r) => r.method);
    expect(methods).toEqual(expect.arrayContaining(["SETUP", "RECORD", "POST"]));
  });

  it("tvOS 17 without credentials: no tunnel (the receiver needs pairing)", async () => {
    const { receiver } = await device(TVOS17);
    const { config, service } = serviceOf(receiver);
    const setups = airplayProtocol.setup({
      config,
      service,
      settings: createSettings(),
      takeover: () => () => undefined,
    });
    expect(setups.map((s) => s.protocol)).toEqual([Protocol.AirPlay]);
  });

  it("HomePod: transient pairing, no pairing step: playing and volume", async () => {
    const { receiver, mrp } = await device(HOMEPOD);
    const { atv } = await connected(receiver, undefined);
    expect(atv.protocols).toContain(Protocol.MRP);
    mrp.useCases.musicPlaying({ title: "On the HomePod" });
    await vi.waitFor(async () => expect((await atv.metadata.playing()).title).toBe("On the HomePod"));
    await atv.audio.setVolume(60);
    expect(Math.round(mrp.state.volume * 100)).toBe(60);
    expect(receiver.state.controllers.size).toBe(0);
  });

  it("the device dropping the tunnel gives one connectionLost within 5 s", async () => {
    const { receiver, mrp } = await device(HOMEPOD);
    const { atv, events, errors } = await connected(receiver, undefined);
    mrp.dropConnections();
    await vi.waitFor(() => expect(events).toEqual(["lost"]), { timeout: 5000 });
    expect(errors[0]).toBeInstanceOf(ConnectionLostError);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events).toEqual(["lost"]);
    await expect(atv.remoteControl.play()).rejects.toThrow();
  });

  it("mrp_tunnel: disable never tunnels, force always does, auto skips a device with direct MRP", async () => {
    const { receiver } = await device(HOMEPOD);
    const protocolsFor = (mode: MrpTunnel, direct = false, model?: string): Protocol[] => {
      const settings = createSettings();
      settings.protocols.airplay.mrp_tunnel = mode;
      const { config, service } = serviceOf(receiver);
      if (model) service.properties.set("model", model);
      if (direct) config.addService(new BaseService({ protocol: Protocol.MRP, port: 1 }));
      return airplayProtocol
        .setup({ config, service, settings, takeover: () => () => undefined })
        .map((s) => s.protocol);
    };
    expect(protocolsFor(MrpTunnel.Auto)).toEqual([Protocol.MRP, Protocol.AirPlay]);
    expect(protocolsFor(MrpTunnel.Disable)).toEqual([Protocol.AirPlay]);
    expect(protocolsFor(MrpTunnel.Auto, true)).toEqual([Protocol.AirPlay]);
    expect(protocolsFor(MrpTunnel.Auto, false, "Mac14,3")).toEqual([Protocol.AirPlay]);
    expect(protocolsFor(MrpTunnel.Force, false, "Mac14,3")).toEqual([Protocol.MRP, Protocol.AirPlay]);
    const settings = createSettings();
    const { config, service } = serviceOf(receiver, "not credentials");
    expect(
      shouldTunnelMrp({ config, service, settings, takeover: () => () => undefined }, () => {
        throw new Error("unparseable");
      }),
    ).toBe(false);
    expect(MrpSetup).toBeDefined();
  });
});
