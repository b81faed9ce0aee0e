/**
 * MRP through the AirPlay 2 tunnel via the umbrella, against the simulator's profiles: a tvOS 17
 * Apple TV (no direct MRP: pair AirPlay with the PIN, then connect() controls it over the tunnel)
 * and a HomePod (transient pairing: connect() with no pairing step at all).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DeviceModel,
  FeatureName,
  FeatureState,
  InputAction,
  MemoryStorage,
  OperatingSystem,
  Protocol,
  connect,
  pair,
  scan,
  type AppleTV,
  type AppleTVConfig,
} from "../../src/index.js";
import { startSimulator, type Simulator, type SimulatorProfileName } from "../../src/simulator/index.js";

let sim: Simulator | undefined;
let atv: AppleTV | undefined;
afterEach(async () => {
  await atv?.close();
  await sim?.close();
  atv = sim = undefined;
});

async function simulate(profile: SimulatorProfileName): Promise<Simulator> {
  sim = await startSimulator({ profile, pin: "2718", name: `Sim ${profile}` });
  return sim;
}

async function found(s: Simulator, storage?: MemoryStorage): Promise<AppleTVConfig> {
  const [device] = await scan({
    hosts: [s.info.address],
    port: s.info.ports.udns,
    timeout: 3,
    knock: false,
    ...(storage ? { storage } : {}),
  });
  if (!device) throw new Error("simulator not found");
  return device;
}

describe("MRP over the AirPlay tunnel via scan / pair / connect", () => {
  it("tvos17: no direct MRP (AirPlay, Companion, RAOP advertised); pair with the PIN, then playing, buttons, volume, pushes, artwork", async () => {
    const s = await simulate("tvos17");
    expect(s.info.profile).toBe("tvos17");
    expect(s.info.services).toEqual([
      { protocol: "airplay", port: s.info.ports.airplay },
      { protocol: "companion", port: s.info.ports.companion },
      { protocol: "raop", port: s.info.ports.raop },
    ]);
    const storage = new MemoryStorage();
    const device = await found(s, storage);
    expect(device.getService(Protocol.MRP)).toBeUndefined();
    expect(device.deviceInfo.model).toBe(DeviceModel.AppleTV4KGen3);
    const handler = await pair(device, Protocol.AirPlay, { storage, name: "tunnel test" });
    await handler.begin();
    handler.pin("2718");
    await handler.finish();
    await handler.close();

    atv = await connect(await found(s, storage), { storage });
    expect(atv.protocols).toContain(Protocol.MRP);
    s.mrp.useCases.musicPlaying({ title: "Tunnel song", artist: "Sim", totalTime: 120 });
    s.mrp.useCases.changeArtwork(new Uint8Array([9, 8, 7]), "image/png", {
      width: 3,
      height: 1,
      identifier: "t",
    });
    const playing = atv;
    await vi.waitFor(async () => expect((await playing.metadata.playing()).title).toBe("Tunnel song"));
    await atv.remoteControl.menu(InputAction.SingleTap);
    expect(s.mrp.state.lastButton?.key).toBe("menu");
    await atv.audio.setVolume(35);
    expect(Math.round(s.mrp.state.volume * 100)).toBe(35);
    expect((await atv.metadata.artwork())?.bytes).toEqual(new Uint8Array([9, 8, 7]));
    const titles: string[] = [];
    atv.pushUpdater.on("playing", (p) => void titles.push(p.title ?? ""));
    atv.pushUpdater.start(0);
    s.mrp.useCases.changeMetadata({ title: "Pushed via tunnel" });
    await vi.waitFor(() => expect(titles).toContain("Pushed via tunnel"));
    expect(atv.deviceInfo.operatingSystem).toBe(OperatingSystem.TvOS);
  });

  it("homepod: no pairing step; playing and volume through the tunnel", async () => {
    const s = await simulate("homepod");
    const device = await found(s);
    expect(device.deviceInfo.model).toBe(DeviceModel.HomePodMini);
    atv = await connect(device);
    expect(atv.protocols).toContain(Protocol.MRP);
    s.mrp.useCases.musicPlaying({ title: "Kitchen radio" });
    const playing = atv;
    await vi.waitFor(async () => expect((await playing.metadata.playing()).title).toBe("Kitchen radio"));
    await atv.audio.setVolume(70);
    expect(Math.round(s.mrp.state.volume * 100)).toBe(70);
    expect(s.airplay.state.controllers.size).toBe(0);
    expect(atv.features.getFeature(FeatureName.PlayUrl).state).not.toBe(FeatureState.Available);
  });

  it("homepod: dropping the tunnel gives one connectionLost", async () => {
    const s = await simulate("homepod");
    atv = await connect(await found(s));
    const events: string[] = [];
    atv.on("connectionLost", () => events.push("lost"));
    s.mrp.dropConnections();
    await vi.waitFor(() => expect(events).toEqual(["lost"]), { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events).toEqual(["lost"]);
  });

  it("airport and appletv3: AirPlay 1 receivers without MRP", async () => {
    for (const profile of ["airport", "appletv3"] as const) {
      const s = await simulate(profile);
      const device = await found(s);
      expect(device.getService(Protocol.MRP)).toBeUndefined();
      expect(device.getService(Protocol.AirPlay)?.port).toBe(s.info.ports.airplay);
      expect(device.deviceInfo.rawModel ?? device.deviceInfo.model).toBeDefined();
      expect(s.info.services).toEqual([
        { protocol: "airplay", port: s.info.ports.airplay },
        { protocol: "raop", port: s.info.ports.raop },
      ]);
      await s.close();
      sim = undefined;
    }
  });

  it("fixed ports: --mrp-port / --airplay-port equivalents", async () => {
    const probe = await startSimulator();
    const { mrp, airplay } = probe.info.ports;
    await probe.close();
    sim = await startSimulator({ mrpPort: mrp, airplayPort: airplay });
    expect(sim.info.ports.mrp).toBe(mrp);
    expect(sim.info.ports.airplay).toBe(airplay);
    expect(sim.info.services).toEqual([
      { protocol: "mrp", port: mrp },
      { protocol: "airplay", port: airplay },
      { protocol: "companion", port: sim.info.ports.companion },
      { protocol: "raop", port: sim.info.ports.raop },
    ]);
  });
});
