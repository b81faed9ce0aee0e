/** AirPlay through the umbrella: scan reports it, pair(Protocol.AirPlay) pairs, connect() plays a URL. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FeatureName,
  FeatureState,
  MemoryStorage,
  PairingError,
  PairingRequirement,
  Protocol,
  connect,
  pair,
  scan,
  type AppleTVConfig,
} from "../../src/index.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";

let sim: Simulator;
const PIN = "3141";

beforeAll(async () => {
  sim = await startSimulator({ pin: PIN, name: "AirPlay Room" });
  sim.airplay.state.playingPolls = 1;
});
afterAll(async () => {
  await sim.close();
});

const scanOpts = () => ({ hosts: ["127.0.0.1"], port: sim.info.ports.udns, timeout: 3, knock: false });

async function device(): Promise<AppleTVConfig> {
  const [found] = await scan(scanOpts());
  if (!found) throw new Error("simulator not found");
  return found;
}

describe("AirPlay via scan / pair / connect", () => {
  it("scan reports the AirPlay service with pyatv's pairing rules, beside MRP", async () => {
    const d = await device();
    const airplay = d.getService(Protocol.AirPlay);
    expect(airplay?.port).toBe(sim.info.ports.airplay);
    expect(airplay?.identifier).toBe(sim.info.identifiers.airplay);
    expect(airplay?.pairing).toBe(PairingRequirement.Mandatory);
    expect(airplay?.requiresPassword).toBe(false);
    expect(d.getService(Protocol.MRP)?.port).toBe(sim.info.ports.mrp);
    expect(d.identifier).toBe(sim.info.identifiers.mrp);
    expect(d.deviceInfo.mac).toBe(sim.info.identifiers.airplay);
    expect(await scan({ ...scanOpts(), protocol: Protocol.AirPlay })).toHaveLength(1);
  });

  it("connect() plays a URL with transient pairing (no stored credentials) and returns when it ended", async () => {
    const atv = await connect(await device());
    try {
      expect(atv.features.getFeature(FeatureName.PlayUrl).state).toBe(FeatureState.Available);
      await atv.stream.playUrl("https://example.com/trailer.mp4", { positionSeconds: 3 });
      expect(sim.airplay.state.playback).toMatchObject({
        url: "https://example.com/trailer.mp4",
        startPosition: 3,
        phase: "finished",
      });
    } finally {
      await atv.close();
    }
  });

  it("pair(Protocol.AirPlay) with the PIN stores HAP credentials that connect() then uses", async () => {
    const storage = new MemoryStorage();
    const d = await device();
    const handler = await pair(d, Protocol.AirPlay, { storage, name: "umbrella test" });
    await handler.begin();
    handler.pin(PIN);
    await handler.finish();
    await handler.close();
    const credentials = d.getService(Protocol.AirPlay)?.credentials ?? "";
    expect(credentials.split(":")).toHaveLength(4);
    expect(sim.airplay.state.clientNames).toContain("umbrella test");

    const again = await scan({ ...scanOpts(), storage });
    expect(again[0]?.getService(Protocol.AirPlay)?.credentials).toBe(credentials);
    sim.airplay.state.requests.length = 0;
    const atv = await connect(again[0] as AppleTVConfig, { storage });
    try {
      await atv.stream.playUrl("https://example.com/paired.mp4");
    } finally {
      await atv.close();
    }
    expect(sim.airplay.state.requests[0]?.uri).toBe("/pair-verify");
    expect(sim.airplay.state.playback.url).toBe("https://example.com/paired.mp4");
  });

  it("a wrong PIN is refused", async () => {
    const handler = await pair(await device(), Protocol.AirPlay);
    await handler.begin();
    handler.pin("0000");
    await expect(handler.finish()).rejects.toBeInstanceOf(PairingError);
    expect(handler.hasPaired).toBe(false);
    await handler.close();
  });
});
