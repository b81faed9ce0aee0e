import { describe, expect, it } from "vitest";
import { ConnectionLostError, type Playing } from "@atv/core";
import { until } from "@atv/test-utils";
import { connected } from "../helpers/device.js";

describe("DMAP push updates by long-poll (loopback)", () => {
  it("posts the current state, then each change within 1 s", async () => {
    await using c = await connected();
    const push = c.setup.capabilities.pushUpdater;
    const seen: Playing[] = [];
    push.on("playing", (p) => seen.push(p));
    push.start();
    await until(() => seen.length === 1, { what: "initial update" });
    const changedAt = Date.now();
    c.device.useCases.musicPlaying({ title: "pushed" });
    await until(() => seen.at(-1)?.title === "pushed", { timeoutMs: 1000, what: "pushed update" });
    expect(Date.now() - changedAt).toBeLessThan(1000);
    const revisions = c.device.requests
      .filter((r) => r.includes("playstatusupdate"))
      .map((r) => /revision-number=(\d+)/.exec(r)?.[1]);
    expect(revisions.slice(0, 2)).toEqual(["0", "1"]);
    push.stop();
    expect(push.active).toBe(false);
  });

  it("async iterator ends with its signal", async () => {
    await using c = await connected();
    const push = c.setup.capabilities.pushUpdater;
    const abort = new AbortController();
    push.start();
    const titles: (string | undefined)[] = [];
    const consume = (async () => {
      try {
        for await (const p of push.updates({ signal: abort.signal })) {
          titles.push(p.title);
          if (titles.length === 1) c.device.useCases.videoPlaying({ title: "second" });
          if (titles.length === 2) abort.abort();
        }
      } catch {
        // aborted
      }
    })();
    await consume;
    expect(titles).toEqual([undefined, "second"]);
  });

  it("a bad answer is reported and polling resumes after a back-off", async () => {
    await using c = await connected({ client: {} });
    const push = c.setup.capabilities.pushUpdater;
    const errors: Error[] = [];
    const seen: Playing[] = [];
    push.on("error", (e) => errors.push(e));
    push.on("playing", (p) => seen.push(p));
    c.device.state.update((s) => (s.playStatus = 99 as never)); // unknown play state → typed error
    push.start();
    await until(() => errors.length >= 1, { what: "error" });
    c.device.useCases.musicPlaying({ title: "recovered" });
    await until(() => seen.at(-1)?.title === "recovered", { timeoutMs: 3000, what: "recovery" });
    expect(errors[0]?.name).toBe("UnknownPlayStateError");
    push.stop();
  });

  it("the device going away ends polling and reports connection lost", async () => {
    const c = await connected();
    const lost: Error[] = [];
    c.setup.events.on("connectionLost", (e) => lost.push(e));
    const push = c.setup.capabilities.pushUpdater;
    push.on("error", () => undefined);
    push.start();
    await until(() => c.device.requests.some((r) => r.includes("revision-number=1")), { what: "long-poll" });
    await c.device.close();
    await until(() => lost.length === 1, { what: "connection lost" });
    expect(lost[0]).toBeInstanceOf(ConnectionLostError);
    expect(push.active).toBe(false);
    await c.setup.close();
  });
});

describe("DMAP push updater lifecycle", () => {
  it("started before connect: polls once connected", async () => {
    const { startDmapServer, DEFAULT_HSGID } = await import("../../src/server/index.js");
    const { DmapSetup } = await import("../../src/setup.js");
    await using device = await startDmapServer();
    device.useCases.musicPlaying({ title: "early" });
    const setup = new DmapSetup({ host: "127.0.0.1", port: device.port, credentials: DEFAULT_HSGID });
    const seen: Playing[] = [];
    setup.capabilities.pushUpdater.on("playing", (p) => seen.push(p));
    setup.capabilities.pushUpdater.start();
    await setup.connect();
    await until(() => seen.at(-1)?.title === "early", { what: "first update" });
    await expect(setup.connect()).rejects.toThrow(/already connected/);
    await setup.close();
  });
});
