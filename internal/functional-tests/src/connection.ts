import { describe, expect, it } from "vitest";
import { BlockedStateError, ConnectionLostError } from "@atv/core";
import { eventually, useDevice } from "./context.js";
import type { FunctionalHarness } from "./harness.js";

export function connectionTests(harness: FunctionalHarness): void {
  describe.skipIf(harness.skip?.has("connectionLoss") ?? false)("Connection", () => {
    const ctx = useDevice(harness);

    it("the device dropping mid-request: ConnectionLostError and one connectionLost event", async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
      process.on("unhandledRejection", onUnhandled);
      try {
        const lost: Error[] = [];
        ctx.atv.on("connectionLost", (error) => lost.push(error));
        ctx.device.musicPlaying({ title: "x" });
        ctx.device.dropOnNextRequest();
        await expect(ctx.atv.remoteControl.play()).rejects.toBeInstanceOf(ConnectionLostError);
        await eventually(() => lost.length > 0, "connectionLost");
        expect(lost).toHaveLength(1);
        expect(lost[0]).toBeInstanceOf(ConnectionLostError);
        await expect(ctx.atv.remoteControl.up()).rejects.toBeInstanceOf(ConnectionLostError);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(unhandled).toEqual([]);
      } finally {
        process.off("unhandledRejection", onUnhandled);
      }
    });

    it("the device vanishing while idle is reported", async () => {
      const lost: Error[] = [];
      ctx.atv.on("connectionLost", (error) => lost.push(error));
      ctx.device.dropConnections();
      await eventually(() => lost.length === 1, "connectionLost");
    });

    it("after close() every call is blocked", async () => {
      await ctx.atv.close();
      await expect(ctx.atv.remoteControl.up()).rejects.toBeInstanceOf(BlockedStateError); // rejects, never throws
      await ctx.atv.close(); // idempotent
    });
  });
}
