import { describe, expect, it } from "vitest";
import { TypedEmitter } from "../src/index.js";

class Producer extends TypedEmitter<{ tick: [n: number]; done: [] }> {
  fire(n: number): void {
    this.emit("tick", n);
  }
}

describe("TypedEmitter", () => {
  it("delivers to listeners and removes them with the returned function", () => {
    const p = new Producer();
    const seen: number[] = [];
    const off = p.on("tick", (n) => seen.push(n));
    p.fire(1);
    off();
    p.fire(2);
    expect(seen).toEqual([1]);
    expect(p.listenerCount("tick")).toBe(0);
  });

  it("iterates with for await and stops on abort, removing its listener", async () => {
    const p = new Producer();
    const ac = new AbortController();
    const seen: number[] = [];
    const loop = (async () => {
      for await (const [n] of p.events("tick", { signal: ac.signal })) {
        seen.push(n);
        if (n === 2) ac.abort();
      }
    })();
    await Promise.resolve();
    p.fire(1);
    p.fire(2);
    p.fire(3);
    await loop;
    expect(seen).toEqual([1, 2]);
    expect(p.listenerCount("tick")).toBe(0);
  });

  it("bounds the buffer of a slow reader, dropping the oldest", async () => {
    const p = new Producer();
    const it = p.events("tick", { maxBuffered: 3 });
    for (let i = 0; i < 10; i++) p.fire(i);
    const got: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await it.next();
      if (!r.done) got.push(r.value[0]);
    }
    expect(got).toEqual([7, 8, 9]);
    await it.return?.();
    expect(p.listenerCount("tick")).toBe(0);
  });

  it("keeps delivering when a listener throws", async () => {
    const p = new Producer();
    const seen: number[] = [];
    const errors: unknown[] = [];
    const onUncaught = (e: unknown) => errors.push(e);
    process.prependListener("uncaughtException", onUncaught);
    p.on("tick", () => {
      throw new Error("listener bug");
    });
    p.on("tick", (n) => seen.push(n));
    p.fire(7);
    await new Promise((r) => setTimeout(r, 5));
    process.off("uncaughtException", onUncaught);
    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
  });
});
