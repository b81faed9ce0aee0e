/** RAOP through the umbrella: scan reports it, connect() streams a WAV bit-exactly, audio sets the volume. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FeatureName, FeatureState, Protocol, connect, scan, type AppleTVConfig } from "../../src/index.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { wavFile } from "../wav.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ name: "RAOP Room" });
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

/** 0.25 s stereo s16le WAV with a ramp; returns the file and the expected big-endian PCM. */
function wav(frames: number): { file: Uint8Array; expected: Buffer } {
  const data = Buffer.alloc(frames * 4);
  const expected = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i++) {
    const l = ((i * 331) % 65536) - 32768;
    const r = -l - 1;
    data.writeInt16LE(l, 4 * i);
    data.writeInt16LE(r, 4 * i + 2);
    expected.writeInt16BE(l, 4 * i);
    expected.writeInt16BE(r, 4 * i + 2);
  }
  return { file: wavFile(data), expected };
}

describe("RAOP via scan / connect", () => {
  it("scan reports the RAOP service (MAC@name instance) beside AirPlay and MRP", async () => {
    const d = await device();
    const raop = d.getService(Protocol.RAOP);
    expect(raop?.port).toBe(sim.info.ports.raop);
    expect(raop?.identifier).toBe(sim.info.identifiers.airplay.replaceAll(":", ""));
    expect(raop?.requiresPassword).toBe(false);
    expect(d.name).toBe("RAOP Room");
    expect(await scan({ ...scanOpts(), protocol: Protocol.RAOP })).toHaveLength(1);
  });

  it("connect() streams a file bit-exactly and sets the volume over RAOP", async () => {
    const d = await device();
    // Only RAOP, so the volume and stream calls cannot go anywhere else.
    for (const p of [Protocol.MRP, Protocol.AirPlay]) {
      const service = d.getService(p);
      if (service) service.enabled = false;
    }
    const atv = await connect(d);
    try {
      expect(atv.features.getFeature(FeatureName.StreamFile).state).toBe(FeatureState.Available);
      expect(atv.features.getFeature(FeatureName.SetVolume).state).toBe(FeatureState.Available);
      await atv.audio.setVolume(60);
      expect(atv.audio.volume).toBe(60);
      const { file, expected } = wav(11025);
      const dir = mkdtempSync(join(tmpdir(), "atv-raop-"));
      const path = join(dir, "ramp.wav");
      writeFileSync(path, file);
      try {
        await atv.stream.streamFile(path, { metadata: { title: "Facade" } });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const pcm = Buffer.from(sim.raop?.state.pcm() ?? []);
      expect(pcm.subarray(0, expected.length).equals(expected)).toBe(true);
      expect(sim.raop?.state.metadata.title).toBe("Facade");
      expect(sim.raop?.state.volume).toBeCloseTo(-12, 5);
    } finally {
      await atv.close();
    }
  }, 20_000);
});
