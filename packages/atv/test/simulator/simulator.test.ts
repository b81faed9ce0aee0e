import { afterEach, describe, expect, it } from "vitest";
import {
  DeviceState,
  MediaType,
  Protocol,
  connect,
  pair,
  scan,
  type AppleTVConfig,
  type Playing,
} from "../../src/index.js";
import { resolveInterfaceAddress } from "../../src/simulator/command.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { runCli, SimulatorProcess } from "../cli/process.js";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function pairedConnect(s: Simulator) {
  const [device] = await scan({ hosts: [s.info.address], port: s.info.ports.udns, timeout: 3, knock: false });
  const handler = await pair(device as AppleTVConfig, Protocol.MRP);
  await handler.begin();
  handler.pin(s.info.pin);
  await handler.finish();
  await handler.close();
  return connect(device as AppleTVConfig);
}

describe("startSimulator", () => {
  it("advertises a stable identifier when given one, and serves MRP on the advertised port", async () => {
    sim = await startSimulator({ identifier: "SIM-FIXED-ID", name: "Den", pin: 9876 });
    expect(sim.info).toMatchObject({
      name: "Den",
      address: "127.0.0.1",
      pin: "9876",
      identifiers: { mrp: "SIM-FIXED-ID" },
    });
    expect(sim.info.ports.udns).toBeGreaterThan(0);
    const [device] = await scan({
      hosts: ["127.0.0.1"],
      port: sim.info.ports.udns,
      timeout: 3,
      knock: false,
    });
    expect(device?.identifier).toBe("SIM-FIXED-ID");
    expect(device?.getService(Protocol.MRP)?.port).toBe(sim.info.ports.mrp);
  });

  it("cycles music, video and idle in demo mode, pushed live to a connected client", async () => {
    sim = await startSimulator({ demo: true, demoIntervalMs: 300, pin: 1111 });
    const atv = await pairedConnect(sim);
    try {
      const seen: Playing[] = [];
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), 8000);
      atv.pushUpdater.start();
      for await (const p of atv.pushUpdater.updates({ signal: ac.signal })) {
        seen.push(p);
        const kinds = new Set(seen.map((x) => x.mediaType));
        if (
          kinds.has(MediaType.Music) &&
          kinds.has(MediaType.Video) &&
          seen.some((x) => x.deviceState === DeviceState.Idle)
        )
          break;
      }
      clearTimeout(timer);
      expect(seen.some((p) => p.mediaType === MediaType.Music && p.artist === "Rick Astley")).toBe(true);
      expect(seen.some((p) => p.mediaType === MediaType.Video && p.title === "Big Buck Bunny")).toBe(true);
      expect(seen.some((p) => p.deviceState === DeviceState.Idle)).toBe(true);
    } finally {
      await atv.close();
    }
  });

  it("keeps its state across client connections", async () => {
    sim = await startSimulator({ pin: 1111 });
    const first = await pairedConnect(sim);
    await first.audio.setVolume(37);
    await first.close();
    const second = await pairedConnect(sim);
    try {
      expect(Math.round(second.audio.volume)).toBe(37);
    } finally {
      await second.close();
    }
  });

  it("resolves --multicast-interface names and refuses unknown ones", () => {
    expect(resolveInterfaceAddress("10.1.2.3")).toBe("10.1.2.3");
    expect(resolveInterfaceAddress("lo")).toBe("127.0.0.1");
    expect(() => resolveInterfaceAddress("no-such-if0")).toThrow(/no interface/);
  });
});

describe("atv simulate (process)", () => {
  it("prints one JSON line when ready and exits 0 on SIGTERM", async () => {
    const proc = await SimulatorProcess.start([
      "--udns-port",
      "0",
      "--pin",
      "2222",
      "--name",
      "Process Room",
    ]);
    expect(proc.info).toMatchObject({ name: "Process Room", pin: "2222" });
    expect(proc.info.ports.mrp).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => proc.child.once("exit", (code) => resolve(code)));
    proc.child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("rejects bad options with exit 2 and a reason", async () => {
    const r = await runCli(["simulate", "--pin", "12ab"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--pin/);
    const bad = await runCli(["simulate", "--multicast-interface", "no-such-if0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no interface/);
  });
});
