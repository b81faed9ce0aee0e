/**
 * `atv --group` (multi-room RAOP) against three simulated AirPorts on 127.0.0.1–3, and
 * `atv simulate --count 3` as a process. Loopback only.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as atv from "../../src/index.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { nthAddress } from "../../src/simulator/command.js";
import { run } from "./harness.js";
import { SimulatorProcess } from "./process.js";
import { wavFile } from "../wav.js";

const TIMEOUT_MS = 60_000;
let dir: string;
const sims: Simulator[] = [];

/** s16le stereo WAV of a ramp, and the big-endian PCM a receiver should end up with. */
function wav(frames: number): { file: Buffer; pcm: Buffer } {
  const data = Buffer.alloc(frames * 4);
  const pcm = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames * 2; i++) {
    const v = ((i * 37) % 60000) - 30000;
    data.writeInt16LE(v, 2 * i);
    pcm.writeInt16BE(v, 2 * i);
  }
  return { file: wavFile(data), pcm };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "atv-cli-group-"));
  let udnsPort = 0;
  for (let i = 0; i < 3; i++) {
    const sim = await startSimulator({
      profile: "airport",
      host: nthAddress("127.0.0.1", i),
      udnsPort,
      name: `Group Room ${i + 1}`,
    });
    udnsPort = sim.info.ports.udns;
    sims.push(sim);
  }
}, TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
}, TIMEOUT_MS);

describe("atv --group", () => {
  it(
    "streams one WAV to three receivers together, with set_volume for the -i member",
    async () => {
      const { file, pcm } = wav(44100 / 2);
      const path = join(dir, "ramp.wav");
      await writeFile(path, file);
      const ids = sims.map((s) => s.info.identifiers.raop);
      const flags = [
        "-s",
        sims.map((s) => s.info.address).join(","),
        "--scan-port",
        String(sims[0]?.info.ports.udns),
      ];
      const result = await run(
        [
          ...flags,
          "--storage",
          "none",
          "--group",
          ids.join(","),
          "-i",
          ids[1] as string,
          "set_volume=50",
          `stream_file=${path}`,
        ],
        atv,
      );
      expect(result.code, result.stderr.text).toBe(0);
      for (const sim of sims) {
        const state = sim.raop?.state;
        expect(state?.teardown).toBe(true);
        expect(Buffer.from(state?.pcm().subarray(0, pcm.length) ?? []).equals(pcm)).toBe(true);
      }
      expect(sims.map((s) => s.raop?.state.volume)).toEqual([undefined, -15, undefined]);
      // One RTP timeline: every receiver saw the same first timestamp and sync mapping.
      const first = sims.map((s) => s.raop?.state.firstTimestamp);
      expect(new Set(first).size).toBe(1);
      const sync = sims.map((s) => s.raop?.state.syncs[0]);
      expect(sync[1]).toMatchObject({ rtpTime: sync[0]?.rtpTime, ntpSeconds: sync[0]?.ntpSeconds });
    },
    TIMEOUT_MS,
  );

  it("refuses other commands and unknown members", async () => {
    const ids = sims.map((s) => s.info.identifiers.raop);
    const flags = ["-s", sims[0]?.info.address as string, "--scan-port", String(sims[0]?.info.ports.udns)];
    const other = await run([...flags, "--group", ids.join(","), "play"], atv);
    expect(other.code).not.toBe(0);
    expect(other.stderr.text + other.stdout.text).toMatch(/--group runs set_volume/);
    const stranger = await run(
      [...flags, "--group", ids.join(","), "-i", "nope", "set_volume=1", "stream_file=x"],
      atv,
    );
    expect(stranger.stderr.text + stranger.stdout.text).toMatch(/not a member/);
  });
});

describe("atv simulate --count", () => {
  it(
    "starts N devices with their own names, identifiers, addresses and ports, one DNS-SD port",
    async () => {
      const sim = await SimulatorProcess.start(["--profile", "airport", "--count", "3", "--name", "Room"], 3);
      try {
        const infos = sim.infos;
        expect(infos.map((i) => i.name)).toEqual(["Room 1", "Room 2", "Room 3"]);
        expect(infos.map((i) => i.address)).toEqual(["127.0.0.1", "127.0.0.2", "127.0.0.3"]);
        expect(new Set(infos.map((i) => i.identifiers.raop)).size).toBe(3);
        expect(new Set(infos.map((i) => i.ports.udns)).size).toBe(1);
      } finally {
        await sim.stop();
      }
    },
    TIMEOUT_MS,
  );
});
