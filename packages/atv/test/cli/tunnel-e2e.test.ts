/**
 * `atv simulate --profile tvos17|homepod` as a process and the `atv` CLI against it: MRP only
 * through the AirPlay 2 tunnel. tvOS 17: pair AirPlay with the PIN, then `playing`, a button and
 * volume. HomePod: `playing` and volume with no pairing step at all.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatorProcess, runCli } from "./process.js";

const E2E_TIMEOUT_MS = 60_000;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "atv-cli-tunnel-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function flags(sim: SimulatorProcess, storage: string): string[] {
  return [...sim.scanFlags, "-i", sim.info.identifiers.airplay, "--storage-filename", storage];
}

describe("atv CLI through the AirPlay tunnel", () => {
  it(
    "--profile tvos17: ready line lists the profile and services; pair AirPlay, then playing, a button and volume",
    async () => {
      const sim = await SimulatorProcess.start([
        "--profile",
        "tvos17",
        "--pin",
        "1234",
        "--demo",
        "--demo-interval",
        "600000",
      ]);
      try {
        expect(sim.info).toMatchObject({ profile: "tvos17", model: "AppleTV14,1", ports: { mrp: 0 } });
        const { ports } = sim.info as unknown as { ports: Record<string, number> };
        expect((sim.info as { services: unknown }).services).toEqual([
          { protocol: "airplay", port: ports["airplay"] },
          { protocol: "companion", port: ports["companion"] },
          { protocol: "raop", port: ports["raop"] },
        ]);
        const storage = join(dir, "tvos17.conf");
        const paired = await runCli([
          ...flags(sim, storage),
          "--protocol",
          "airplay",
          "--pin",
          "1234",
          "pair",
        ]);
        expect(paired.stderr).toBe("");
        expect(paired.code).toBe(0);

        const playing = await runCli([...flags(sim, storage), "playing"]);
        expect(playing.stderr).toBe("");
        expect(playing.code).toBe(0);
        expect(playing.stdout).toContain("Never Gonna Give You Up");

        const commands = await runCli([...flags(sim, storage), "up", "set_volume=30", "volume"]);
        expect(commands.stderr).toBe("");
        expect(commands.code).toBe(0);
        expect(commands.stdout).toContain("30");
      } finally {
        expect((await sim.stop()).code).toBe(0);
      }
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "--profile homepod: playing and volume with no pairing",
    async () => {
      const sim = await SimulatorProcess.start([
        "--profile",
        "homepod",
        "--demo",
        "--demo-interval",
        "600000",
      ]);
      try {
        const storage = join(dir, "homepod.conf");
        const r = await runCli([...flags(sim, storage), "--json", "playing"]);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ result: "success", title: "Never Gonna Give You Up" });
        const v = await runCli([...flags(sim, storage), "set_volume=45", "volume"]);
        expect(v.stderr).toBe("");
        expect(v.stdout).toContain("45");
      } finally {
        expect((await sim.stop()).code).toBe(0);
      }
    },
    E2E_TIMEOUT_MS,
  );

  it("--help lists the profiles and what each does not simulate; an unknown profile is a usage error", async () => {
    const help = await runCli(["simulate", "--help"]);
    expect(help.code).toBe(0);
    for (const name of ["tvos14", "tvos17", "homepod", "airport", "appletv3"])
      expect(help.stdout).toContain(name);
    expect(help.stdout).toContain("not simulated here: RAOP (AirPlay 2 audio)");
    const bad = await runCli(["simulate", "--profile", "tvos99"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown profile");
    const port = await runCli(["simulate", "--airplay-port", "70000"]);
    expect(port.code).toBe(2);
  });

  it(
    "--mrp-port and --airplay-port fix the ports",
    async () => {
      const free = async (): Promise<number> => {
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const { port } = server.address() as { port: number };
        await new Promise((resolve) => server.close(resolve));
        return port;
      };
      const [mrpPort, airplayPort] = [await free(), await free()];
      const sim = await SimulatorProcess.start([
        "--mrp-port",
        String(mrpPort),
        "--airplay-port",
        String(airplayPort),
      ]);
      try {
        expect(sim.info).toMatchObject({ profile: "tvos14", ports: { mrp: mrpPort, airplay: airplayPort } });
      } finally {
        expect((await sim.stop()).code).toBe(0);
      }
    },
    E2E_TIMEOUT_MS,
  );
});
