import { describe, expect, it } from "vitest";
import { isoLocal, playingJson, resultObject, scanDeviceJson, snakeCase } from "../../src/cli/json-output.js";
import { fakeWorld, makeConfig } from "./fake-device.js";
import { atv, run } from "./harness.js";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d$/;
const base = ["-s", "127.0.0.1", "--storage", "none", "--json"];

describe("isoLocal", () => {
  it("writes local time with its offset, microseconds like Python", () => {
    for (const ms of [
      0,
      1,
      1_764_072_000_123,
      Date.UTC(2026, 2, 29, 1, 30),
      Date.UTC(2026, 9, 25, 0, 59, 59, 999),
    ]) {
      const date = new Date(ms);
      const text = isoLocal(date);
      expect(text).toMatch(ISO);
      expect(new Date(text).getTime()).toBe(ms);
    }
  });

  it("writes half-hour and negative offsets", () => {
    const saved = process.env["TZ"];
    try {
      process.env["TZ"] = "Asia/Kolkata";
      expect(isoLocal(new Date(Date.UTC(2026, 10, 25, 12, 0, 0, 5)))).toBe(
        "2026-11-25T17:30:00.005000+05:30",
      );
      process.env["TZ"] = "America/St_Johns";
      expect(isoLocal(new Date(Date.UTC(2026, 10, 25, 12, 0, 0)))).toBe("2026-11-25T08:30:00.000000-03:30");
    } finally {
      if (saved === undefined) delete process.env["TZ"];
      else process.env["TZ"] = saved;
    }
  });
});

describe("JSON shapes", () => {
  it("snake-cases camelCase names", () => {
    expect(snakeCase("itunesStoreIdentifier")).toBe("itunes_store_identifier");
    expect(snakeCase("playPause")).toBe("play_pause");
    expect(snakeCase("up")).toBe("up");
  });

  it("puts result and datetime first and failure fields before values", () => {
    const now = new Date(0);
    expect(
      Object.keys(resultObject(false, { a: 1 }, now, { error: "device_not_found", exception: "x" })),
    ).toEqual(["result", "datetime", "error", "exception", "a"]);
  });

  it("writes every Playing field: enums lower-case, falsy as null, plus app and app_id", () => {
    const playing = new atv.Playing({
      mediaType: atv.MediaType.Video,
      deviceState: atv.DeviceState.Paused,
      title: "Film",
      totalTime: 0,
      position: 0,
      shuffle: atv.ShuffleState.Off,
      seasonNumber: 2,
    });
    const json = playingJson(atv, playing, new atv.App("TV", "com.apple.TVWatchList"));
    expect(json).toEqual({
      media_type: "video",
      device_state: "paused",
      title: "Film",
      artist: null,
      album: null,
      genre: null,
      total_time: null,
      position: null,
      shuffle: "off",
      repeat: null,
      hash: playing.hash,
      series_name: null,
      season_number: 2,
      episode_number: null,
      content_identifier: null,
      itunes_store_identifier: null,
      app: "TV",
      app_id: "com.apple.TVWatchList",
    });
    expect(playingJson(atv, playing, undefined)).toMatchObject({ app: null, app_id: null });
  });

  it("describes a scanned device as atvscript does", () => {
    const json = scanDeviceJson(atv, makeConfig("Den", "ID-DEN", "127.0.0.9"));
    expect(json).toEqual({
      name: "Den",
      address: "127.0.0.9",
      identifier: "ID-DEN",
      all_identifiers: ["ID-DEN"],
      device_info: {
        mac: "AA:BB:CC:DD:EE:FF",
        model: "Gen4K",
        model_str: "Apple TV 4K",
        operating_system: "TvOS",
        version: "17.0",
      },
      services: [{ protocol: "mrp", port: 49152 }],
    });
  });
});

describe("--json commands", () => {
  it("scan", async () => {
    const w = fakeWorld({ devices: 2 });
    const r = await run([...base, "scan"], w.lib);
    expect(r.code).toBe(0);
    const [out, ...rest] = r.stdout.json();
    expect(rest).toEqual([]);
    expect(out?.["result"]).toBe("success");
    expect(out?.["datetime"]).toMatch(ISO);
    expect((out?.["devices"] as { identifier: string }[]).map((d) => d.identifier)).toEqual([
      "ID-LIVING",
      "ID-2",
    ]);
  });

  it("playing, with the app when the App feature is available", async () => {
    const w = fakeWorld();
    const r = await run([...base, "playing"], w.lib);
    expect(r.code).toBe(0);
    const [out] = r.stdout.json();
    expect(out).toMatchObject({
      result: "success",
      media_type: "music",
      device_state: "playing",
      title: "Song",
      total_time: 200,
      position: null,
      app: "Music",
      app_id: "com.apple.Music",
    });
  });

  it("remote control commands answer {command}, values {name: value}", async () => {
    const w = fakeWorld();
    const r = await run(
      [...base, "play_pause", "set_volume=35.5", "volume", "power_state", "output_devices", "title"],
      w.lib,
    );
    expect(r.code).toBe(0);
    const out = r.stdout.json().map(({ result, datetime, ...rest }) => {
      expect(result).toBe("success");
      expect(datetime).toMatch(ISO);
      return rest;
    });
    expect(out).toEqual([
      { command: "play_pause" },
      { command: "set_volume" },
      { volume: 35.5 },
      { power_state: "on" },
      { output_devices: [{ name: "Living Room", identifier: "AA:BB" }] },
      { title: "Song" },
    ]);
  });

  it("unsupported and unknown commands fail with unsupported_command", async () => {
    const w = fakeWorld({ noPower: true });
    const r = await run([...base, "turn_off"], w.lib);
    expect(r.code).toBe(1);
    const [failure] = r.stdout.json();
    expect(failure).toMatchObject({ result: "failure", error: "unsupported_command" });
    // atvscript's `exception` is str(ex): the error's own message, no "Name: " or CLI prefix.
    const thrown = await w.lib
      .connect(makeConfig("x", "ID-X"))
      .then((device) => device.power.turnOff())
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(thrown).toBeInstanceOf(atv.NotSupportedError);
    expect(failure?.["exception"]).toBe((thrown as Error).message);
    expect(failure?.["exception"]).not.toMatch(/^(NotSupportedError|Command '|Not supported)/);
    expect(r.stderr.text).toBe("");
    // A command atvscript does not know: {result, datetime, error} only (no exception, no stacktrace).
    const u = await run([...base, "teleport"], w.lib);
    expect(u.code).toBe(1);
    const [unknown] = u.stdout.json();
    expect(Object.keys(unknown ?? {})).toEqual(["result", "datetime", "error"]);
    expect(unknown).toMatchObject({ result: "failure", error: "unsupported_command" });
  });

  it("a missing device fails with device_not_found; with several the first is used", async () => {
    const r = await run([...base, "-i", "gone", "playing"], fakeWorld().lib);
    expect(r.code).toBe(1);
    const [missing] = r.stdout.json();
    // atvscript: output(False, "device_not_found"): no exception, no stacktrace.
    expect(Object.keys(missing ?? {})).toEqual(["result", "datetime", "error"]);
    expect(missing).toMatchObject({ result: "failure", error: "device_not_found" });
    const two = await run([...base, "device_id"], fakeWorld({ devices: 2 }).lib);
    expect(two.code).toBe(0);
    expect(two.stdout.json()[0]).toMatchObject({ device_id: "ID-LIVING" });
  });

  it("puts a stacktrace next to every exception, as atvscript (text mode: only with --debug)", async () => {
    const w = fakeWorld({ noPower: true });
    const plain = await run([...base, "turn_on"], w.lib);
    expect(plain.stdout.json()[0]?.["stacktrace"]).toMatch(/NotSupportedError/);
    const text = await run(base.filter((a) => a !== "--json").concat("turn_on"), w.lib);
    expect(text.stderr.text).not.toMatch(/\n\s+at /);
    const saved = process.env["DEBUG"];
    try {
      const debug = await run([...base, "--debug", "turn_on"], w.lib);
      expect(debug.stdout.json()[0]?.["stacktrace"]).toMatch(/NotSupportedError/);
      expect(process.env["DEBUG"]).toContain("atv:*");
    } finally {
      if (saved === undefined) delete process.env["DEBUG"];
      else process.env["DEBUG"] = saved;
    }
  });

  it("device_info, features and print_settings", async () => {
    const w = fakeWorld();
    const r = await run([...base, "device_info", "features", "print_settings"], w.lib);
    expect(r.code).toBe(0);
    const [info, features, settings] = r.stdout.json();
    expect(info?.["device_info"]).toMatchObject({
      model: "Gen4K",
      operating_system: "TvOS",
      version: "17.0",
      mac: "AA:BB:CC:DD:EE:FF",
    });
    expect(features?.["features"]).toMatchObject({ Play: "available", PushUpdates: "available" });
    expect(features?.["features"]).not.toHaveProperty("TurnOn");
    expect(settings?.["settings"]).toMatchObject({
      "protocols.mrp.identifier": "ID-LIVING",
      "info.name": "pyatv",
    });
  });
});
