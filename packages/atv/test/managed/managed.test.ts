/**
 * ManagedAppleTV against the simulator over loopback: the simulator is stopped and started again
 * on the same ports; the managed connection must notice, back off, reconnect and re-arm push updates.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { until } from "@atv/test-utils";
import {
  BlockedStateError,
  ConnectionFailedError,
  ConnectionLostError,
  ConnectionState,
  ManagedAppleTV,
  OperationTimeoutError,
  connectManaged,
  type AppleTVConfig,
  type ReconnectingInfo,
} from "../../src/index.js";
import { restartableSimulator, type RestartableSimulator } from "./sim-restart.js";

let device: RestartableSimulator;
let config: AppleTVConfig;
const fast = { initialDelayMs: 20, maxDelayMs: 200, jitter: 0.2, wakeCheckIntervalMs: 0 };

beforeEach(async () => {
  device = await restartableSimulator({ name: "Managed Room" });
  device.sim.mrp.useCases.musicPlaying({ title: "before", totalTime: 100 });
  config = await device.config();
});
afterEach(async () => {
  await device.close();
});

describe("ManagedAppleTV", () => {
  it("reconnects after the device goes away and comes back, with typed events and re-armed push updates", async () => {
    const managed = await connectManaged(config, { reconnect: fast });
    try {
      expect(managed.state).toBe(ConnectionState.Connected);
      const states: ConnectionState[] = [];
      const ac = new AbortController();
      const collecting = (async () => {
        for await (const s of managed.states({ signal: ac.signal })) states.push(s);
      })();
      const lost: Error[] = [];
      const reconnecting: ReconnectingInfo[] = [];
      const titles: (string | undefined)[] = [];
      managed.on("connectionLost", (e) => lost.push(e));
      managed.on("reconnecting", (info) => reconnecting.push(info));
      managed.on("playing", (p) => titles.push(p.title));
      const reconnected = new Promise<{ attempts: number }>((resolve) =>
        managed.once("reconnected", (_atv, info) => resolve(info)),
      );

      await device.stop();
      await until(() => managed.state === ConnectionState.Reconnecting, { timeoutMs: 5_000 });
      expect(lost).toHaveLength(1);
      expect(lost[0]).toBeInstanceOf(ConnectionLostError);
      // While down: fail fast with waitMs 0, time out with a bound, honour an abort.
      await expect(managed.device({ waitMs: 0 })).rejects.toBeInstanceOf(ConnectionLostError);
      await expect(managed.device({ waitMs: 30 })).rejects.toBeInstanceOf(OperationTimeoutError);
      const aborted = new AbortController();
      const waiting = managed.call((atv) => atv.remoteControl.play(), {
        signal: aborted.signal,
        waitMs: 60_000,
      });
      aborted.abort(new Error("user gave up"));
      await expect(waiting).rejects.toThrow("user gave up");
      await until(() => reconnecting.length >= 2, { timeoutMs: 5_000 }); // refused attempts back off
      expect(reconnecting[0]?.attempt).toBe(1);
      expect(reconnecting[1]?.attempt).toBe(2);
      expect(reconnecting.every((r) => r.delayMs >= 0 && r.delayMs <= 200)).toBe(true);

      // A call made while reconnecting waits and then runs on the new connection.
      const pending = managed.call((atv) => atv.remoteControl.menu(), { waitMs: 10_000 });
      const sim = await device.start();
      sim.mrp.useCases.musicPlaying({ title: "after", totalTime: 100 });
      const info = await reconnected;
      expect(info.attempts).toBeGreaterThanOrEqual(1);
      await pending;
      expect(sim.mrp.state.buttons.length).toBe(1);
      await until(() => titles.includes("after"), { timeoutMs: 5_000 });
      sim.mrp.useCases.musicPlaying({ title: "pushed", totalTime: 100 });
      await until(() => titles.includes("pushed"), { timeoutMs: 5_000 });
      ac.abort();
      await collecting;
      expect(states.slice(0, 3)).toEqual(["connected", "reconnecting", "connected"]);
    } finally {
      await managed.close();
    }
    expect(managed.state).toBe(ConnectionState.Closed);
    await expect(managed.device()).rejects.toBeInstanceOf(BlockedStateError);
    await managed.close(); // idempotent
  });

  it("gives up after maxAttempts (Failed, ConnectionFailedError) and retryNow() starts over", async () => {
    const managed = await connectManaged(config, { reconnect: { ...fast, maxAttempts: 2 } });
    try {
      await device.stop();
      await until(() => managed.state === ConnectionState.Failed, { timeoutMs: 5_000 });
      const error = await managed.device().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionFailedError);
      expect((error as Error).cause).toBeInstanceOf(Error);
      await device.start();
      managed.retryNow();
      const atv = await managed.device({ waitMs: 5_000 });
      expect((await atv.metadata.playing()).title).toBeUndefined();
      expect(managed.state).toBe(ConnectionState.Connected);
    } finally {
      await managed.close();
    }
  });

  it("connectManaged rejects when the first attempt fails, or keeps trying with retryInitial", async () => {
    await device.stop();
    await expect(connectManaged(config, { reconnect: fast })).rejects.toBeInstanceOf(Error);
    const starting = connectManaged(config, { reconnect: fast, retryInitial: true });
    setTimeout(() => void device.start(), 150);
    const managed = await starting;
    expect(managed.state).toBe(ConnectionState.Connected);
    await managed.close();
  });

  it("reconnects when the host wakes from sleep (a timer that fires far too late)", async () => {
    let offsetMs = 0;
    const managed = await connectManaged(config, {
      reconnect: { ...fast, wakeCheckIntervalMs: 20 },
      now: () => Date.now() + offsetMs,
    });
    try {
      const first = managed.current;
      const reconnected = new Promise<void>((resolve) => managed.once("reconnected", () => resolve()));
      offsetMs = 3_600_000; // an hour passes between two ticks
      await reconnected;
      expect(managed.current).toBeDefined();
      expect(managed.current).not.toBe(first);
      expect(first?.closed).toBe(true);
    } finally {
      await managed.close();
    }
  });

  it("start() and close() without ever connecting leave nothing running", async () => {
    await device.stop();
    const managed = new ManagedAppleTV(config, { reconnect: fast }).start();
    await until(() => managed.attempts >= 2, { timeoutMs: 5_000 });
    expect(managed.state).toBe(ConnectionState.Connecting);
    await managed.close();
    expect(managed.state).toBe(ConnectionState.Closed);
    expect(() => managed.start()).toThrow(BlockedStateError);
  });
});
