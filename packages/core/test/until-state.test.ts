import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { ConnectionLostError, untilState } from "../src/index.js";

function harness(current: string) {
  const bus = new EventEmitter();
  const wait = (signal?: AbortSignal) =>
    untilState({
      current,
      target: "on",
      onChange: (l) => (bus.on("change", l), () => bus.off("change", l)),
      onClosed: (l) => (bus.on("closed", l), () => bus.off("closed", l)),
      closedMessage: "closed first",
      signal,
    });
  return { bus, wait };
}

describe("untilState", () => {
  it("resolves at once when already there, else on the target state, and removes its listeners", async () => {
    await expect(harness("on").wait()).resolves.toBeUndefined();
    const { bus, wait } = harness("off");
    const p = wait();
    bus.emit("change", "standby");
    bus.emit("change", "on");
    await expect(p).resolves.toBeUndefined();
    expect(bus.listenerCount("change") + bus.listenerCount("closed")).toBe(0);
  });

  it("rejects with the close error, or a ConnectionLostError on a clean close", async () => {
    const a = harness("off");
    const pa = a.wait();
    a.bus.emit("closed", new Error("reset"));
    await expect(pa).rejects.toThrow("reset");
    const b = harness("off");
    const pb = b.wait();
    b.bus.emit("closed");
    await expect(pb).rejects.toBeInstanceOf(ConnectionLostError);
    expect(b.bus.listenerCount("change")).toBe(0);
  });

  it("rejects with the abort reason, before or while waiting", async () => {
    await expect(harness("off").wait(AbortSignal.abort(new Error("early")))).rejects.toThrow("early");
    const { bus, wait } = harness("off");
    const controller = new AbortController();
    const p = wait(controller.signal);
    controller.abort();
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
    expect(bus.listenerCount("change") + bus.listenerCount("closed")).toBe(0);
  });
});
