import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AppleTVConfig,
  BlockedStateError,
  DeviceIdMissingError,
  DeviceModel,
  DeviceState,
  FeatureName,
  FeatureState,
  FileStorage,
  ManualService,
  MediaType,
  MemoryStorage,
  NoServiceError,
  OperatingSystem,
  PairingError,
  PairingRequirement,
  Protocol,
  connect,
  pair,
  scan,
  scanIter,
} from "../../src/index.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";

let sim: Simulator;
const PIN = "2468";

beforeAll(async () => {
  sim = await startSimulator({ pin: PIN, name: "Test Room" });
  sim.mrp.useCases.musicPlaying({ title: "Song", artist: "Band", album: "LP", totalTime: 200, position: 20 });
});
afterAll(async () => {
  await sim.close();
});

const scanOpts = () => ({ hosts: ["127.0.0.1"], port: sim.info.ports.udns, timeout: 3, knock: false });

describe("scan", () => {
  it("finds the simulator by unicast DNS-SD and builds its config", async () => {
    const started = Date.now();
    const devices = await scan(scanOpts());
    expect(Date.now() - started).toBeLessThan(2500); // ends when the host answered, not at the timeout
    expect(devices).toHaveLength(1);
    const [d] = devices as [AppleTVConfig];
    expect(d.name).toBe("Test Room");
    expect(d.address).toBe("127.0.0.1");
    expect(d.identifier).toBe(sim.info.identifiers.mrp);
    expect(d.deepSleep).toBe(false);
    const mrp = d.getService(Protocol.MRP);
    expect(mrp?.port).toBe(sim.info.ports.mrp);
    expect(mrp?.enabled).toBe(true);
    expect(mrp?.pairing).toBe(PairingRequirement.Optional);
    expect(d.deviceInfo.model).toBe(DeviceModel.Gen4K);
    expect(d.deviceInfo.operatingSystem).toBe(OperatingSystem.TvOS);
    expect(d.deviceInfo.buildNumber).toBe("18M60");
    expect(d.deviceInfo.version).toMatch(/^14\./);
  });

  it("filters by identifier and by protocol, always returning a list", async () => {
    expect(await scan({ ...scanOpts(), identifier: "not-this-one" })).toEqual([]);
    expect(await scan({ ...scanOpts(), identifier: [sim.info.identifiers.mrp, "x"] })).toHaveLength(1);
    expect(await scan({ ...scanOpts(), protocol: Protocol.MRP })).toHaveLength(1);
    expect(await scan({ ...scanOpts(), protocol: Protocol.Companion })).toHaveLength(1);
  });

  it("ends a unicast scan once the wanted identifier is found, without waiting for silent hosts", async () => {
    // 127.0.0.2 never answers: without the early end this scan would last its 60 s timeout
    // (far past the test's own time limit); with every identifier seen it ends now.
    const hosts = ["127.0.0.1", "127.0.0.2"];
    const opts = { ...scanOpts(), hosts, timeout: 60 };
    const found = await scan({ ...opts, identifier: sim.info.identifiers.mrp });
    expect(found.map((d) => d.identifier)).toEqual([sim.info.identifiers.mrp]);
    // Two identifiers of the same device: seen together, so the scan ends too.
    const both = [sim.info.identifiers.mrp, sim.info.identifiers.airplay];
    expect(await scan({ ...opts, identifier: both })).toHaveLength(1);
  }, 10_000);

  it("yields devices as they are found and honours abort", async () => {
    const seen: string[] = [];
    for await (const d of scanIter(scanOpts())) seen.push(d.name);
    expect(seen).toEqual(["Test Room"]);
    const ac = new AbortController();
    ac.abort();
    await expect(scan({ ...scanOpts(), signal: ac.signal })).rejects.toThrow();
  });
});

describe("pair and connect", () => {
  it("rejects a wrong PIN with PairingError and stores nothing", async () => {
    const [device] = await scan(scanOpts());
    const storage = new MemoryStorage();
    const handler = await pair(device as AppleTVConfig, Protocol.MRP, { storage });
    expect(handler.deviceProvidesPin).toBe(true);
    await handler.begin();
    handler.pin(1357);
    await expect(handler.finish()).rejects.toBeInstanceOf(PairingError);
    expect(handler.hasPaired).toBe(false);
    await handler.close();
    expect(storage.settings.every((s) => !s.protocols.mrp.credentials)).toBe(true);
  });

  it("pairs with the right PIN, saves credentials to a file, and connects with them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "atv-api-"));
    try {
      const file = join(dir, "atv.conf");
      const storage = new FileStorage(file);
      await storage.load();
      const [device] = await scan({ ...scanOpts(), storage });
      const handler = await pair(device as AppleTVConfig, Protocol.MRP, { storage, name: "api test" });
      await handler.begin();
      handler.pin(PIN);
      await handler.finish();
      expect(handler.hasPaired).toBe(true);
      const credentials = handler.service.credentials;
      expect(credentials).toMatch(/^[0-9a-f]+:[0-9a-f]+:[0-9a-f]+:[0-9a-f]+$/);
      await handler.close();

      const text = await readFile(file, "utf8");
      expect(JSON.parse(text)).toMatchObject({
        version: 1,
        devices: [{ protocols: { mrp: { credentials } } }],
      });

      // A new process: load the file, scan (settings applied), connect.
      const again = new FileStorage(file);
      await again.load();
      const [found] = await scan({ ...scanOpts(), storage: again });
      expect(found?.getService(Protocol.MRP)?.credentials).toBe(credentials);
      const atv = await connect(found as AppleTVConfig, { storage: again });
      try {
        const playing = await atv.metadata.playing();
        expect(playing.title).toBe("Song");
        expect(playing.mediaType).toBe(MediaType.Music);
        expect(playing.deviceState).toBe(DeviceState.Playing);
        expect(atv.features.getFeature(FeatureName.Play).state).toBe(FeatureState.Available);
        const before = sim.mrp.state.buttons.length;
        await atv.remoteControl.menu();
        expect(sim.mrp.state.buttons.length).toBe(before + 1);
        expect(atv.deviceInfo.model).toBe(DeviceModel.Gen4K);
      } finally {
        await atv.close();
      }
      await expect(atv.remoteControl.play()).rejects.toBeInstanceOf(BlockedStateError); // rejects, never throws
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("raises NoServiceError and DeviceIdMissingError like pyatv", async () => {
    const empty = new AppleTVConfig({ address: "127.0.0.1", name: "Empty" });
    await expect(connect(empty)).rejects.toBeInstanceOf(NoServiceError);
    await expect(pair(empty, Protocol.MRP)).rejects.toBeInstanceOf(NoServiceError);
    const noId = new AppleTVConfig({ address: "127.0.0.1", name: "NoId" });
    noId.addService(new ManualService(undefined, Protocol.MRP, sim.info.ports.mrp));
    await expect(connect(noId)).rejects.toBeInstanceOf(DeviceIdMissingError);
  });

  it("connects to a hand-built config (ManualService) with restored credentials", async () => {
    const [device] = await scan(scanOpts());
    const handler = await pair(device as AppleTVConfig, Protocol.MRP);
    await handler.begin();
    handler.pin(PIN);
    await handler.finish();
    const creds = handler.service.credentials as string;
    await handler.close();

    const manual = new AppleTVConfig({ address: "127.0.0.1", name: "Manual" });
    manual.addService(new ManualService(sim.info.identifiers.mrp, Protocol.MRP, sim.info.ports.mrp));
    expect(manual.setCredentials(Protocol.MRP, creds)).toBe(true);
    expect(manual.setCredentials(Protocol.Companion, creds)).toBe(false);
    await using atv = await connect(manual);
    expect((await atv.metadata.playing()).artist).toBe("Band");
  });
});
