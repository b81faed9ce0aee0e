/**
 * 100 stop/start cycles of the simulator on the same ports: the managed connection reconnects
 * every time, push updates resume every time, and no socket or timer is left behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "@atv/test-utils";
import { ConnectionState, connectManaged, type ManagedAppleTV } from "../../src/index.js";
import { restartableSimulator, type RestartableSimulator } from "./sim-restart.js";

/** 100 here; reconnect-cycles.slow.test.ts runs 1000 (ATV_SLOW=1). */
const CYCLES = Number(process.env["ATV_RECONNECT_CYCLES"] ?? 100);

let device: RestartableSimulator;
beforeAll(async () => {
  device = await restartableSimulator({ name: "Cycle Room" });
});
afterAll(async () => {
  await device.close();
});

const sockets = (): number => process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length;

describe("reconnect cycles", () => {
  it(
    `reconnects ${CYCLES} times with events resuming and no leaked sockets`,
    { timeout: 120_000 },
    async () => {
      const config = await device.config();
      const managed: ManagedAppleTV = await connectManaged(config, {
        reconnect: { initialDelayMs: 5, maxDelayMs: 50, wakeCheckIntervalMs: 0 },
      });
      try {
        let reconnects = 0;
        let titles: (string | undefined)[] = [];
        managed.on("reconnected", () => (reconnects += 1));
        managed.on("playing", (p) => titles.push(p.title));
        const baseline = sockets();
        for (let cycle = 1; cycle <= CYCLES; cycle++) {
          await device.stop();
          await until(() => managed.state === ConnectionState.Reconnecting, {
            timeoutMs: 5_000,
            intervalMs: 2,
          });
          const sim = await device.start();
          await until(() => reconnects === cycle, {
            timeoutMs: 5_000,
            intervalMs: 2,
            what: `reconnect ${cycle}`,
          });
          titles = [];
          sim.mrp.useCases.musicPlaying({ title: `cycle ${cycle}`, totalTime: 10 });
          await until(() => titles.includes(`cycle ${cycle}`), { timeoutMs: 5_000, intervalMs: 2 });
        }
        // One connection now, as at the start: every earlier socket was closed.
        expect(sockets()).toBe(baseline);
        expect(managed.state).toBe(ConnectionState.Connected);
      } finally {
        await managed.close();
      }
    },
  );
});
