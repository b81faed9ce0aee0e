import { describe, expect, it } from "vitest";
import { DeviceState, ShuffleState, type Playing } from "@atv/core";
import { eventually, sleep, useDevice } from "./context.js";
import type { FunctionalHarness } from "./harness.js";

export function pushUpdateTests(harness: FunctionalHarness): void {
  describe.skipIf(harness.skip?.has("pushUpdates") ?? false)("PushUpdater", () => {
    const ctx = useDevice(harness);

    it("emits when what is playing changes", async () => {
      const seen: Playing[] = [];
      const stop = ctx.atv.pushUpdater.on("playing", (p) => seen.push(p));
      ctx.atv.pushUpdater.start();
      expect(ctx.atv.pushUpdater.active).toBe(true);
      ctx.device.musicPlaying({ title: "first", paused: true });
      await eventually(() => seen.some((p) => p.title === "first"), "first update");
      ctx.device.changeTitle("second");
      await eventually(() => seen.some((p) => p.title === "second"), "second update");
      stop();
    });

    it("emits nothing when the device repeats the same state", async () => {
      const seen: Playing[] = [];
      ctx.atv.pushUpdater.on("playing", (p) => seen.push(p));
      ctx.atv.pushUpdater.start();
      ctx.device.musicPlaying({ title: "steady", paused: true, position: 5, totalTime: 10 });
      await eventually(() => seen.some((p) => p.title === "steady"), "update");
      const count = seen.length;
      ctx.device.setShuffle(ShuffleState.Off); // the same state again
      ctx.device.setVolume(ctx.device.volume === 10 ? 20 : 10); // not a Playing change
      await sleep(200);
      expect(seen.length).toBe(count);
    });

    it("for await: iterates updates until aborted", async () => {
      ctx.atv.pushUpdater.start();
      const controller = new AbortController();
      const titles: (string | undefined)[] = [];
      const reading = (async () => {
        for await (const playing of ctx.atv.pushUpdater.updates({ signal: controller.signal })) {
          titles.push(playing.title);
          if (playing.title === "three") controller.abort();
        }
      })();
      ctx.device.musicPlaying({ title: "one", paused: true });
      await eventually(() => titles.includes("one"), "one");
      ctx.device.changeTitle("two");
      await eventually(() => titles.includes("two"), "two");
      ctx.device.changeTitle("three");
      await reading;
      expect(titles.slice(-3)).toEqual(["one", "two", "three"]);
    });

    it("stop() ends the updates", async () => {
      const seen: Playing[] = [];
      ctx.atv.pushUpdater.on("playing", (p) => seen.push(p));
      ctx.atv.pushUpdater.start();
      ctx.device.musicPlaying({ title: "before stop", paused: true });
      await eventually(() => seen.length > 0, "an update");
      ctx.atv.pushUpdater.stop();
      expect(ctx.atv.pushUpdater.active).toBe(false);
      const count = seen.length;
      ctx.device.changeTitle("after stop");
      await sleep(200);
      expect(seen.length).toBe(count);
    });

    it("reports the state change a command causes", async () => {
      const states: DeviceState[] = [];
      ctx.atv.pushUpdater.on("playing", (p) => states.push(p.deviceState));
      ctx.device.musicPlaying({ title: "x", paused: true });
      ctx.atv.pushUpdater.start();
      await eventually(() => states.includes(DeviceState.Paused), "Paused");
      await ctx.atv.remoteControl.play();
      await eventually(() => states.includes(DeviceState.Playing), "Playing");
    });
  });
}
