/**
 * A device that comes back (woke from sleep) is reconnected when the bridge's rescan sees it,
 * not only when its back-off ends: here the back-off is a minute, the rescan 100 ms.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "@atv/test-utils";
import { ConnectionState, MemoryStorage } from "../../src/index.js";
import { startServer, type RunningServer } from "../../src/serve/server.js";
import { restartableSimulator, type RestartableSimulator } from "../managed/sim-restart.js";
import { api } from "./harness.js";

let device: RestartableSimulator;
let server: RunningServer;
beforeAll(async () => {
  device = await restartableSimulator({ name: "Sleepy Room" });
  server = await startServer({
    scanHosts: ["127.0.0.1"],
    scanPort: device.sim.info.ports.udns,
    scanTimeout: 1,
    storage: new MemoryStorage(),
    rescanIntervalMs: 100,
    reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0, wakeCheckIntervalMs: 0 },
  });
  await server.initialScan;
});
afterAll(async () => {
  await server.close();
  await device.close();
});

describe("device wake-up", () => {
  it("a rescan that finds the device again skips the back-off", async () => {
    const id = device.sim.info.identifiers.mrp;
    expect((await api(server, "GET", `/api/devices/${id}/playing`)).status).toBe(200);
    const managed = server.bridge.get(id).managed;
    await device.stop();
    await until(() => managed?.state === ConnectionState.Reconnecting);
    await device.start();
    // Without the rescan this would wait out the 60 s back-off (and fail here).
    await until(() => managed?.state === ConnectionState.Connected, { timeoutMs: 15_000 });
    expect((await api(server, "GET", `/api/devices/${id}/playing`)).status).toBe(200);
  });
});
