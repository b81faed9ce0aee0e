/** Pacer: due-time math without drift, tick grid, shared timer, abort; on a fake clock. */
import { describe, expect, it } from "vitest";
import { Pacer } from "../../src/index.js";
import { FakeClock } from "../helpers/fake-clock.js";

const PACKET_MS = 352_000 / 44100;

describe("Pacer", () => {
  it("computes due times from the index: packet i at origin + i × 352/44100 s, no drift after an hour", () => {
    const clock = new FakeClock(5000);
    const pacer = new Pacer({ clock, tickMs: 50, leadMs: 0 });
    expect(pacer.started).toBe(false);
    expect(() => pacer.dueAt(0)).toThrow(/not started/);
    pacer.start();
    expect(() => pacer.start()).toThrow(/already/);
    expect(pacer.origin).toBe(5000);
    expect(pacer.packetMs).toBeCloseTo(PACKET_MS, 12);
    expect(pacer.dueAt(0)).toBe(5000);
    expect(pacer.dueAt(125)).toBeCloseTo(5000 + 125 * PACKET_MS, 9);
    // One hour of packets: the due time is exactly n × 352 / 44.1 ms after the origin.
    const hour = Math.ceil((3600 * 44100) / 352);
    expect(pacer.dueAt(hour) - 5000).toBeCloseTo((hour * 352) / 44.1, 6);
    expect(pacer.ready(pacer.dueAt(hour) + 1e-6)).toBe(hour + 1);
    expect(pacer.ready(pacer.dueAt(hour) - 1e-3)).toBe(hour);
    expect(pacer.ready(4000)).toBe(0);
    expect(pacer.indexAt(4000)).toBeLessThan(0);
  });

  it("lets packets go up to leadMs early", () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer({ clock, tickMs: 50, leadMs: 65 });
    pacer.start();
    // Due ≤ 65 ms: packets 0…8 (8 × 7.98 = 63.9 ms).
    expect(pacer.ready()).toBe(9);
    expect(pacer.ready(100)).toBe(Math.floor(165 / PACKET_MS) + 1);
    expect(new Pacer({ tickMs: 20 }).leadMs).toBe(35);
    expect(new Pacer().tickMs).toBe(200);
    expect(new Pacer().leadMs).toBe(215);
  });

  it("rejects nonsense options", () => {
    expect(() => new Pacer({ tickMs: 0 })).toThrow(RangeError);
    expect(() => new Pacer({ sampleRate: Number.NaN })).toThrow(RangeError);
    expect(() => new Pacer({ leadMs: -1 })).toThrow(RangeError);
  });

  it("wakes on a grid of ticks from the origin, late wake-ups do not shift the grid", async () => {
    const clock = new FakeClock(1000);
    const pacer = new Pacer({ clock, tickMs: 50 });
    pacer.start();
    const wakes: number[] = [];
    let done = false;
    void (async () => {
      for (let i = 0; i < 5; i++) {
        await pacer.wait();
        wakes.push(clock.now());
      }
      done = true;
    })();
    await clock.advance(400, 7); // every timer fires 7 ms late
    expect(done).toBe(true);
    expect(wakes).toEqual([1057, 1107, 1157, 1207, 1257]);
    expect(clock.armed).toEqual([50, 43, 43, 43, 43]);
  });

  it("shares one timer between the waiters of a tick (a group of senders)", async () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer({ clock, tickMs: 40 });
    pacer.start();
    let woken = 0;
    const waits = [pacer.wait(), pacer.wait(), pacer.wait()].map((p) => p.then(() => woken++));
    expect(clock.pending).toBe(1);
    await clock.advance(39);
    expect(woken).toBe(0);
    await clock.advance(1);
    await Promise.all(waits);
    expect(woken).toBe(3);
    expect(clock.fired).toBe(1);
  });

  it("resolves a wait on abort and cancels the timer when nobody waits any more", async () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer({ clock });
    pacer.start();
    const a = new AbortController();
    let resolved = false;
    const waiting = pacer.wait(a.signal).then(() => (resolved = true));
    const other = new AbortController();
    const second = pacer.wait(other.signal);
    a.abort();
    await waiting;
    expect(resolved).toBe(true);
    expect(clock.pending).toBe(1); // the second waiter still needs the tick
    other.abort();
    await second;
    expect(clock.pending).toBe(0);
    await expect(pacer.wait(a.signal)).resolves.toBeUndefined();
    expect(clock.pending).toBe(0);
    const third = pacer.wait();
    pacer.stop();
    await third;
    expect(clock.pending).toBe(0);
  });
});
