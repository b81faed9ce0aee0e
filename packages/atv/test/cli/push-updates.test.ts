import type { PassThrough } from "node:stream";
import { until } from "@atv/test-utils";
import { describe, expect, it } from "vitest";
import { ConnectionLostError, fakeWorld } from "./fake-device.js";
import { atv, run } from "./harness.js";

const base = ["-s", "127.0.0.1", "--storage", "none"];

describe("push_updates", () => {
  it("streams atvscript's objects in order and finishes when stdin closes", async () => {
    const w = fakeWorld();
    let stdin: PassThrough | undefined;
    const running = run([...base, "--json", "push_updates"], w.lib, { onStdin: (s) => (stdin = s) });
    await until(() => w.updater.starts > 0, { what: "push updater start" });
    const next = w.playing.with({ title: "Next song", position: 10 });
    w.updater.push(next);
    w.power.change(atv.PowerState.Off);
    await w.audio.setVolume(55);
    stdin?.end();
    const r = await running;
    expect(r.code).toBe(0);
    const out = r.stdout.json().map(({ result, datetime: _d, ...rest }) => ({ result, ...rest }));
    expect(out).toEqual([
      { result: "success", power_state: "on" },
      { result: "success", output_devices: [{ name: "Living Room", identifier: "AA:BB" }] },
      expect.objectContaining({ result: "success", title: "Next song", position: 10, app: "Music" }),
      { result: "success", power_state: "off" },
      { result: "success", volume: 55 },
      { result: "success", push_updates: "finished" },
    ]);
    expect(w.updater.active).toBe(false);
  });

  it("ends on a lost connection with a failure object", async () => {
    const w = fakeWorld();
    const running = run([...base, "--json", "push_updates"], w.lib, { keepStdinOpen: true });
    await until(() => w.updater.starts > 0);
    w.events.lose(new ConnectionLostError("socket reset"));
    const r = await running;
    expect(r.code).toBe(1);
    const out = r.stdout.json();
    expect(out.at(-2)).toMatchObject({ result: "failure", connection: "lost", exception: "socket reset" });
    expect(out.at(-1)).toMatchObject({ result: "success", push_updates: "finished" });
  });

  it("ends when the signal aborts (Ctrl+C)", async () => {
    const w = fakeWorld();
    const controller = new AbortController();
    const running = run([...base, "push_updates"], w.lib, { keepStdinOpen: true, signal: controller.signal });
    await until(() => w.updater.starts > 0);
    w.updater.push(w.playing);
    controller.abort();
    const r = await running;
    expect(r.code).toBe(0);
    expect(r.stdout.text).toBe(`Press ENTER to stop\n${w.playing.toString()}\n${"-".repeat(20)}\n`);
  });

  it("prints human-readable updates until ENTER", async () => {
    const w = fakeWorld();
    let stdin: PassThrough | undefined;
    const running = run([...base, "push_updates", "title"], w.lib, { onStdin: (s) => (stdin = s) });
    await until(() => w.updater.starts > 0);
    w.power.change(atv.PowerState.Off);
    await w.audio.setVolume(30);
    stdin?.write("\n");
    const r = await running;
    expect(r.code).toBe(0);
    expect(r.stdout.lines).toEqual([
      "Press ENTER to stop",
      "Power state changed from PowerState.On to PowerState.Off",
      "Volume changed from 20.0 to 30.0",
      "Song",
    ]);
  });
});

describe("cli (interactive)", () => {
  it("runs each line and keeps going after a failing command", async () => {
    const w = fakeWorld();
    const r = await run([...base, "cli"], w.lib, {
      stdin: "play\nbogus\nset_volume=12 volume\nhelp play\ncli\n\nexit\nplay\n",
    });
    expect(r.code).toBe(0);
    expect(w.calls).toEqual(["play", "setVolume(12)"]);
    expect(r.stdout.text).toContain("atv> ");
    expect(r.stdout.text).toContain("12.0\n");
    expect(r.stdout.text).toContain("COMMAND:\n>> play\n\nHELP:\nPress key play");
    expect(r.stderr.lines).toEqual([
      "Unknown command: bogus (see atv commands)",
      "Command not available here",
    ]);
  });

  it("ends at end of input", async () => {
    const w = fakeWorld();
    const r = await run([...base, "cli"], w.lib, { stdin: "pause" });
    expect(r.code).toBe(0);
    expect(w.calls).toEqual(["pause"]);
  });
});

describe("commands and help", () => {
  it("lists every group with its commands", async () => {
    const r = await run(["commands"], fakeWorld().lib);
    expect(r.code).toBe(0);
    for (const title of [
      "Remote control",
      "Metadata",
      "Power",
      "Playing",
      "AirPlay",
      "Device Info",
      "Apps",
      "User accounts",
      "Audio",
      "Keyboard",
      "Touch",
      "Device",
      "Settings",
      "Global",
    ]) {
      expect(r.stdout.text).toContain(`${title} commands:\n`);
    }
    expect(r.stdout.text).toContain(" - set_volume - Set the volume in percent (0.0–100.0)\n");
    expect(r.stdout.text).toContain(" - itunes_store_identifier - ");
  });

  it("describes one command; unknown or missing names fail", async () => {
    const lib = fakeWorld().lib;
    const r = await run(["help", "set_volume"], lib);
    expect(r.stdout.text).toBe(
      "COMMAND:\n>> set_volume=level\n\nHELP:\nSet the volume in percent (0.0–100.0)\n",
    );
    const prop = await run(["help=volume"], lib);
    expect(prop.stdout.text).toContain(">> volume (property)");
    const unknown = await run(["help", "nothing"], lib);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.lines).toEqual(["Unknown command: nothing"]);
    const none = await run(["help"], lib);
    expect(none.code).toBe(1);
  });

  it("lists features, unsupported ones only with features all", async () => {
    const w = fakeWorld();
    const some = await run([...base, "features"], w.lib);
    expect(some.stdout.lines.slice(0, 2)).toEqual(["Feature list:", "-------------"]);
    expect(some.stdout.text).toContain("PlayPause: Available\n");
    expect(some.stdout.text).not.toContain("TurnOn:");
    const all = await run([...base, "features", "all"], w.lib);
    expect(all.stdout.text).toContain("TurnOn: Unsupported\n");
  });
});
