import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../src/index.js";

describe("backoffDelay", () => {
  const mid = () => 0.5; // no jitter offset

  it("grows by the factor from the initial delay and stops at the cap", () => {
    const opts = { initialDelayMs: 100, factor: 2, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, opts, mid))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it("spreads by ±jitter and never leaves 0…max", () => {
    const opts = { initialDelayMs: 1_000, factor: 2, maxDelayMs: 1_500, jitter: 0.5 };
    expect(backoffDelay(1, opts, () => 0)).toBe(500);
    expect(backoffDelay(1, opts, () => 0.999999)).toBe(1_500);
    expect(backoffDelay(2, opts, () => 0)).toBe(750);
    expect(backoffDelay(2, opts, () => 0.999999)).toBe(1_500); // capped after jitter
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(1 + (i % 8), { initialDelayMs: 10, maxDelayMs: 300 });
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(300);
    }
  });

  it("uses 500 ms ×2 up to 30 s with ±20 % by default", () => {
    expect(backoffDelay(1, {}, mid)).toBe(500);
    expect(backoffDelay(1, {}, () => 0)).toBe(400);
    expect(backoffDelay(20, {}, mid)).toBe(30_000);
  });

  it("rejects nonsense", () => {
    expect(() => backoffDelay(0)).toThrow(RangeError);
    expect(() => backoffDelay(1.5)).toThrow(RangeError);
    expect(() => backoffDelay(1, { factor: 0.5 })).toThrow(RangeError);
    expect(() => backoffDelay(1, { jitter: 2 })).toThrow(RangeError);
  });
});
