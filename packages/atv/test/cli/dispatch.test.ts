import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppleTVConfig, Storage } from "../../src/index.js";
import { fakeWorld } from "./fake-device.js";
import { run } from "./harness.js";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "atv-cli-"));
  file = join(dir, "atv.conf");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = (): string[] => ["-s", "127.0.0.1", "--storage-filename", file];

describe("device commands", () => {
  it("prints what is playing as Playing.toString()", async () => {
    const w = fakeWorld();
    const r = await run([...base(), "playing"], w.lib);
    expect(r.code).toBe(0);
    expect(r.stdout.text).toBe(`${w.playing.toString()}\n`);
    expect(r.stderr.text).toBe("");
    expect(w.devices.every((d) => d.closed)).toBe(true);
  });

  it("passes the scan flags to scan()", async () => {
    const w = fakeWorld();
    await run(
      [
        "-s",
        "127.0.0.1,127.0.0.2",
        "--scan-port",
        "5399",
        "-t",
        "7",
        "--scan-protocols",
        "mrp",
        "-i",
        "ID-LIVING",
        "--storage",
        "none",
        "playing",
      ],
      w.lib,
    );
    expect(w.scans).toHaveLength(1);
    const s = w.scans[0];
    expect(s?.hosts).toEqual(["127.0.0.1", "127.0.0.2"]);
    expect(s?.port).toBe(5399);
    expect(s?.timeout).toBe(7);
    expect(s?.protocol).toEqual([w.lib.Protocol.MRP]);
    expect(s?.identifier).toEqual(["ID-LIVING"]);
  });

  it("runs several commands in order on one connection", async () => {
    const w = fakeWorld();
    const r = await run(
      [...base(), "play_pause", "up=2", "set_volume=40", "volume", "skip_forward=15"],
      w.lib,
    );
    expect(r.code).toBe(0);
    expect(w.calls).toEqual(["playPause", "up(2)", "setVolume(40)", "skipForward(15)"]);
    expect(r.stdout.text).toBe("40.0\n");
    expect(w.connects).toBe(1);
  });

  it("sends volume_up to Audio, not to the remote", async () => {
    const w = fakeWorld();
    expect((await run([...base(), "volume_up"], w.lib)).code).toBe(0);
    expect(w.calls).toEqual(["audio.volumeUp"]);
  });

  it("accepts enum arguments by name and rejects unknown values before connecting", async () => {
    const w = fakeWorld();
    expect((await run([...base(), "set_repeat=all", "select=hold"], w.lib)).code).toBe(0);
    expect(w.calls).toEqual(["setRepeat(2)", "select(2)"]);
    const bad = fakeWorld();
    const r = await run([...base(), "set_shuffle=7"], bad.lib);
    expect(r.code).toBe(1);
    expect(r.stderr.lines).toEqual([
      'set_shuffle: state must be one of 0 (Off), 1 (Albums), 2 (Songs), got "7"',
    ]);
    expect(bad.calls).toEqual([]);
    expect(bad.connects).toBe(0);
  });

  it("stops at the first failing command", async () => {
    const w = fakeWorld({ noPower: true });
    const r = await run([...base(), "play", "turn_on", "pause"], w.lib);
    expect(r.code).toBe(1);
    expect(w.calls).toEqual(["play"]);
    expect(r.stderr.lines).toHaveLength(1);
    expect(r.stderr.lines[0]).toMatch(/^Command 'turn_on' is not supported by the device: power\.turnOn/);
  });

  it("rejects unknown commands before scanning", async () => {
    const w = fakeWorld();
    const r = await run([...base(), "play", "fly_away"], w.lib);
    expect(r.code).toBe(1);
    expect(r.stderr.lines).toEqual(["Unknown command: fly_away (see atv commands)"]);
    expect(w.scans).toHaveLength(0);
  });

  it("says when no device is found (exit 1) and when several are (exit 1, list on stderr)", async () => {
    const none = await run([...base(), "-i", "nope", "playing"], fakeWorld().lib);
    expect(none.code).toBe(1);
    expect(none.stderr.lines).toEqual(["Could not find any Apple TV with identifier nope on the network"]);
    const two = await run([...base(), "playing"], fakeWorld({ devices: 2 }).lib);
    expect(two.code).toBe(1);
    expect(two.stderr.lines[0]).toBe("Found more than one Apple TV; specify one using --id:");
    expect(two.stderr.text).toContain("ID-2");
  });

  it("builds the device by hand with --manual (no scan)", async () => {
    const w = fakeWorld();
    const seen: {
      address: string;
      port: number | undefined;
      id: string | undefined;
      model: string | undefined;
    }[] = [];
    const lib = {
      ...w.lib,
      connect: (config: AppleTVConfig, o?: { storage?: Storage }) => {
        const s = config.getService(w.lib.Protocol.MRP);
        seen.push({
          address: config.address,
          port: s?.port,
          id: s?.identifier,
          model: s?.properties.get("model"),
        });
        return w.lib.connect(config, o);
      },
    };
    const manual = [
      "-m",
      "--address",
      "127.0.0.5",
      "--port",
      "49999",
      "--protocol",
      "mrp",
      "--storage",
      "none",
    ];
    const r = await run(
      [...manual, "--id", "MANUAL-ID", "--service-properties", ";model=J105aAP", "play"],
      lib,
    );
    expect(r.code).toBe(0);
    expect(w.scans).toHaveLength(0);
    expect(seen).toEqual([{ address: "127.0.0.5", port: 49999, id: "MANUAL-ID", model: "J105aAP" }]);
    const noId = await run([...manual, "play"], lib);
    expect(noId.code).toBe(1);
    expect(noId.stderr.lines).toEqual(["Manual mode needs the device identifier (--id)"]);
    const noPort = await run(["-m", "--address", "127.0.0.5", "--protocol", "mrp", "--id", "X", "play"], lib);
    expect(noPort.stderr.lines).toEqual(["You must specify --address, --port and --protocol in manual mode"]);
  });

  it("picks a device by name", async () => {
    const w = fakeWorld({ devices: 3 });
    const r = await run([...base(), "-n", "Room 2", "device_id"], w.lib);
    expect(r.code).toBe(0);
    expect(r.stdout.text).toBe("ID-2\n");
    expect(w.scans[0]?.identifier).toBeUndefined();
  });

  it("prints property values, enums and floats as Python prints them (PowerState.On)", async () => {
    const w = fakeWorld();
    const r = await run(
      [...base(), "power_state", "title", "media_type", "shuffle", "genre", "app", "output_devices"],
      w.lib,
    );
    expect(r.code).toBe(0);
    expect(r.stdout.lines).toEqual([
      "PowerState.On",
      "Song",
      "MediaType.Music",
      "ShuffleState.Off",
      "None",
      "App: Music (com.apple.Music)",
      "Living Room (AA:BB)",
    ]);
  });

  it("shows a spinner on stderr while scanning only when stderr is a terminal", async () => {
    const tty = await run([...base(), "play"], fakeWorld().lib, { stderrTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr.text).toBe("\r⠋ Scanning for devices…\r\x1b[K");
    const json = await run([...base(), "--json", "play"], fakeWorld().lib, { stderrTTY: true });
    expect(json.stderr.text).toBe("");
  });

  it("exits 130 when interrupted while scanning", async () => {
    const w = fakeWorld();
    const controller = new AbortController();
    const lib = {
      ...w.lib,
      scan: (o: { signal?: AbortSignal } = {}) =>
        new Promise<never>((_, reject) =>
          o.signal?.addEventListener("abort", () => reject(o.signal?.reason as Error)),
        ),
    };
    setTimeout(() => controller.abort(new Error("interrupted by SIGINT")), 20);
    const r = await run([...base(), "playing"], lib, { signal: controller.signal });
    expect(r.code).toBe(130);
    expect(r.stderr.lines).toEqual(["Interrupted"]);
  });

  it("saves artwork to a file named after its type; -1 lets the device choose", async () => {
    const w = fakeWorld();
    const r = await run([...base(), "artwork_save=-1,300," + join(dir, "cover"), "artwork=64"], w.lib);
    expect(r.code).toBe(0);
    expect([...(await readFile(join(dir, "cover.png")))]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(r.stdout.lines).toEqual([
      `Saved image/png artwork (4 bytes) to ${join(dir, "cover.png")}`,
      "image/png, 2x1, 4 bytes",
    ]);
    expect(w.artworkRequests).toEqual([
      { width: null, height: 300 },
      { width: 64, height: undefined },
    ]);
  });

  it("waits for delay=ms", async () => {
    const w = fakeWorld();
    const started = Date.now();
    const r = await run([...base(), "delay=60"], w.lib);
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(w.scans).toHaveLength(0);
  });
});

describe("storage", () => {
  it("saves credential flags to the file and uses them on connect", async () => {
    const w = fakeWorld();
    const r = await run([...base(), "--mrp-credentials", "11:22:33:44", "play"], w.lib);
    expect(r.code).toBe(0);
    expect(w.connectCredentials).toEqual(["11:22:33:44"]);
    const saved = JSON.parse(await readFile(file, "utf8")) as {
      version: number;
      devices: { protocols: { mrp: { credentials: string; identifier: string } } }[];
    };
    expect(saved.version).toBe(1);
    expect(saved.devices[0]?.protocols.mrp).toMatchObject({
      identifier: "ID-LIVING",
      credentials: "11:22:33:44",
    });

    // A later run without the flag gets the credentials from the file.
    const again = fakeWorld();
    expect((await run([...base(), "play"], again.lib)).code).toBe(0);
    expect(again.connectCredentials).toEqual(["11:22:33:44"]);

    // "" removes them.
    const removed = fakeWorld();
    expect((await run([...base(), "--mrp-credentials", "", "play"], removed.lib)).code).toBe(0);
    expect(removed.connectCredentials).toEqual([undefined]);
    expect(await readFile(file, "utf8")).not.toContain("11:22:33:44");
  });

  it("does not write the file when nothing changed", async () => {
    const w = fakeWorld();
    await run([...base(), "play"], w.lib);
    const first = await readFile(file, "utf8");
    await writeFile(file, first.replace("\n", "\n\n"));
    await run([...base(), "play"], fakeWorld().lib);
    expect(await readFile(file, "utf8")).toBe(first.replace("\n", "\n\n"));
  });

  it("changes, prints and unsets settings without connecting", async () => {
    const w = fakeWorld();
    const r = await run(
      [
        ...base(),
        "change_setting=info.name,Den TV",
        "change_setting=protocols.raop.timing_port,5000",
        "print_settings",
      ],
      w.lib,
    );
    expect(r.code).toBe(0);
    expect(w.connects).toBe(0);
    expect(r.stdout.lines).toContain("info.name = Den TV (str)");
    expect(r.stdout.lines).toContain("protocols.raop.timing_port = 5000 (int)");
    expect(r.stdout.lines).toContain("protocols.mrp.identifier = ID-LIVING (str, NoneType)");
    const u = await run([...base(), "unset_setting=info.name", "print_settings"], fakeWorld().lib);
    expect(u.stdout.lines).toContain("info.name = pyatv (str)");
    expect(u.stdout.lines).toContain("protocols.raop.timing_port = 5000 (int)");
  });

  it("reports an invalid setting on one line", async () => {
    const r = await run([...base(), "change_setting=info.mac,nope"], fakeWorld().lib);
    expect(r.code).toBe(1);
    expect(r.stderr.lines).toHaveLength(1);
    expect(r.stderr.lines[0]).toMatch(/^SettingsError: .*info\.mac/);
  });

  it("removes a device's settings", async () => {
    await run([...base(), "--mrp-credentials", "aa:bb", "play"], fakeWorld().lib);
    expect(await readFile(file, "utf8")).toContain("aa:bb");
    const r = await run([...base(), "remove_settings"], fakeWorld().lib);
    expect(r.code).toBe(0);
    expect(await readFile(file, "utf8")).not.toContain("ID-LIVING");
  });

  it("keeps nothing with --storage none", async () => {
    const r = await run(
      [
        "-s",
        "127.0.0.1",
        "--storage",
        "none",
        "--storage-filename",
        file,
        "--mrp-credentials",
        "x:y",
        "play",
      ],
      fakeWorld().lib,
    );
    expect(r.code).toBe(0);
    await expect(readFile(file, "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("reports a broken settings file on one line", async () => {
    await writeFile(file, "{not json");
    const r = await run([...base(), "play"], fakeWorld().lib);
    expect(r.code).toBe(1);
    expect(r.stderr.lines).toHaveLength(1);
    expect(r.stderr.lines[0]).toContain("not valid JSON");
  });
});
