/** scan → connect → use over DMAP against the Apple TV 3 simulator profile (loopback only). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DeviceModel,
  DeviceState,
  FeatureName,
  FeatureState,
  MediaType,
  OperatingSystem,
  PairingRequirement,
  Protocol,
  connect,
  scan,
  type Playing,
} from "../../src/index.js";
import { startAppleTV3Simulator, type AppleTV3Simulator } from "../../src/simulator/index.js";

let sim: AppleTV3Simulator;

beforeAll(async () => {
  sim = await startAppleTV3Simulator({ name: "Den", identifier: "00112233AABBCCDD" });
  sim.dmap.useCases.musicPlaying({
    title: "Song",
    artist: "Band",
    album: "LP",
    genre: "Rock",
    totalTime: 200,
    position: 20,
  });
});
afterAll(async () => {
  await sim.close();
});

const scanOpts = () => ({ hosts: ["127.0.0.1"], port: sim.info.ports.udns, timeout: 3, knock: false });

describe("DMAP through the atv library (Apple TV 3 simulator)", () => {
  it("scan finds one DMAP service from _touch-able + _appletv-v2, with the hsgid as credentials", async () => {
    const [device, ...rest] = await scan(scanOpts());
    expect(rest).toHaveLength(0);
    expect(device?.name).toBe("Den");
    expect(device?.identifier).toBe("00112233AABBCCDD");
    const dmap = device?.getService(Protocol.DMAP);
    expect(dmap?.port).toBe(sim.info.ports.dmap);
    expect(dmap?.credentials).toBe(sim.info.hsgid);
    expect(dmap?.pairing).toBe(PairingRequirement.Optional);
    expect(device?.deviceInfo.operatingSystem).toBe(OperatingSystem.Legacy);
    expect(device?.deviceInfo.model).toBe(DeviceModel.Gen3);
  });

  it("connect, playing, a command, a push update, close", async () => {
    const [device] = await scan({ ...scanOpts(), identifier: "00112233AABBCCDD" });
    const atv = await connect(device!);
    try {
      const playing = await atv.metadata.playing();
      expect([
        playing.mediaType,
        playing.deviceState,
        playing.title,
        playing.position,
        playing.totalTime,
      ]).toEqual([MediaType.Music, DeviceState.Playing, "Song", 20, 200]);
      expect(atv.features.getFeature(FeatureName.Title).state).toBe(FeatureState.Available);
      const updates: Playing[] = [];
      atv.pushUpdater.on("playing", (p) => updates.push(p));
      atv.pushUpdater.start();
      await atv.remoteControl.pause();
      expect(sim.dmap.state.lastButton).toBe("pause");
      await vitestUntil(() => updates.some((p) => p.deviceState === DeviceState.Paused));
    } finally {
      await atv.close();
    }
  });
});

async function vitestUntil(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}
