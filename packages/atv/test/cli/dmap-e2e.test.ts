/**
 * `atv` against `atv simulate --profile appletv3` (a DMAP-only Apple TV 3), both as
 * processes on 127.0.0.1: scan, atvscript's `playing` fields, commands, DMAP credentials.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppleTV3SimulatorInfo } from "../../src/simulator/index.js";
import { SimulatorProcess, runCli } from "./process.js";

const TIMEOUT_MS = 60_000;
let sim: SimulatorProcess;
let info: AppleTV3SimulatorInfo;

beforeAll(async () => {
  sim = await SimulatorProcess.start([
    "--profile",
    "appletv3",
    "--name",
    "ATV3 Room",
    "--identifier",
    "A1B2C3D4E5F60718",
    "--demo",
    "--demo-interval",
    "600000",
  ]);
  info = sim.info as unknown as AppleTV3SimulatorInfo;
}, TIMEOUT_MS);

afterAll(async () => {
  const stopped = await sim?.stop();
  expect(stopped?.code).toBe(0);
}, TIMEOUT_MS);

const device = (): string[] => [...sim.scanFlags, "--storage", "none", "-i", info.identifiers.dmap];

describe("atv against the Apple TV 3 (DMAP) simulator", () => {
  it(
    "scan --json lists the DMAP service",
    async () => {
      const r = await runCli([...sim.scanFlags, "--storage", "none", "--json", "scan"]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { devices: Record<string, unknown>[] };
      expect(out.devices[0]).toMatchObject({
        name: "ATV3 Room",
        identifier: "A1B2C3D4E5F60718",
        services: [{ protocol: "dmap", port: info.ports.dmap }],
      });
    },
    TIMEOUT_MS,
  );

  it(
    "--json playing prints atvscript's fields as pyatv derives them from the play status",
    async () => {
      const r = await runCli([...device(), "--json", "playing"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      const title = "Never Gonna Give You Up";
      const artist = "Rick Astley";
      const album = "Whenever You Need Somebody";
      expect(out).toMatchObject({
        result: "success",
        media_type: "music",
        device_state: "playing",
        title,
        artist,
        album,
        genre: "Pop",
        total_time: 213,
        shuffle: "off",
        repeat: "off",
        series_name: null,
        season_number: null,
        episode_number: null,
        content_identifier: null,
        itunes_store_identifier: null,
        app: null,
        app_id: null,
        hash: createHash("sha256").update(`${title}${artist}${album}213`).digest("hex"),
      });
      // The simulated track started at 12 s and keeps playing (a real device's position advances too).
      expect(out["position"]).toBeGreaterThanOrEqual(12);
      expect(out["position"]).toBeLessThan(60);
    },
    TIMEOUT_MS,
  );

  it(
    "commands reach the device (pause, then playing says paused)",
    async () => {
      const r = await runCli([...device(), "pause", "playing"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Device state: Paused");
      expect(r.stdout).toContain("       Title: Never Gonna Give You Up");
    },
    TIMEOUT_MS,
  );

  it(
    "properties and navigation: set_position, set_shuffle, set_repeat, volume, arrows, top_menu",
    async () => {
      const r = await runCli([
        ...device(),
        "set_position=100",
        "set_shuffle=Songs",
        "set_repeat=All",
        "volume_up",
        "up",
        "select",
        "top_menu",
        "playing",
      ]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Position: 10\d\/213s/);
      expect(r.stdout).toContain("Shuffle: Songs");
      expect(r.stdout).toContain("Repeat: All");
    },
    TIMEOUT_MS,
  );

  it(
    "wrong --dmap-credentials fail to log in",
    async () => {
      const r = await runCli([...device(), "--dmap-credentials", "0x0000000000000001", "playing"]);
      expect(r.code).not.toBe(0);
      expect(r.stderr.toLowerCase()).toContain("login");
    },
    TIMEOUT_MS,
  );
});
