/**
 * `atv serve`'s JSON API against the simulator over loopback: devices, scan, device info,
 * playing, artwork, pairing and every CLI command, with errors mapped to statuses + codes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCommandList, type ArgSpec } from "../../src/cli/commands/catalog.js";
import { api, command, startSetup, type Setup } from "./harness.js";

let s: Setup;
/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);
beforeAll(async () => {
  s = await startSetup({}, { pin: 2222 });
  s.sim.mrp.useCases.musicPlaying({ title: "Bridge Song", artist: "Band", totalTime: 200, position: 20 });
  s.sim.mrp.useCases.changeArtwork(PNG, "image/png", { width: 1, height: 1 });
});
afterAll(async () => {
  await s.close();
});

describe("devices", () => {
  it("lists scanned devices with connection state, and POST /api/scan rescans", async () => {
    const list = await api(s.server, "GET", "/api/devices");
    expect(list.status).toBe(200);
    expect(list.body["result"]).toBe("success");
    const devices = list.body["devices"] as Record<string, unknown>[];
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({
      name: "Bridge Room",
      identifier: s.id,
    });
    expect(typeof devices[0]?.["connection"]).toBe("string");
    const scanned = await api(s.server, "POST", "/api/scan");
    expect(scanned.status).toBe(200);
    expect((scanned.body["devices"] as { identifier: string }[]).map((d) => d.identifier)).toEqual([s.id]);
  });

  it("answers device info and features, playing, and artwork", async () => {
    const info = await api(s.server, "GET", `/api/devices/${s.id}`);
    expect(info.status).toBe(200);
    expect(info.body["device_info"]).toMatchObject({ model: "Gen4K", operating_system: "TvOS" });
    expect((info.body["features"] as Record<string, string>)["Play"]).toBe("available");
    expect(info.body["device"]).toMatchObject({ connection: "connected" });
    const playing = await api(s.server, "GET", `/api/devices/${s.id}/playing`);
    expect(playing.body).toMatchObject({
      result: "success",
      title: "Bridge Song",
      device_state: "playing",
      total_time: 200,
    });
    const art = await fetch(new URL(`/api/devices/${s.id}/artwork?width=64`, s.server.url));
    expect(art.status).toBe(200);
    expect(art.headers.get("content-type")).toMatch(/^image\//);
    expect(Buffer.from(await art.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await api(s.server, "GET", `/api/devices/${s.id}/artwork?width=abc`)).status).toBe(400);
  });

  it("maps failures to a status and a typed code", async () => {
    const missing = await api(s.server, "GET", "/api/devices/nope/playing");
    expect(missing).toMatchObject({ status: 404, body: { error: { code: "DEVICE_NOT_FOUND" } } });
    expect(await command(s, "no_such_command")).toMatchObject({
      status: 404,
      body: { error: { code: "UNKNOWN_COMMAND" } },
    });
    expect(await command(s, "set_position", ["x"])).toMatchObject({
      status: 400,
      body: { error: { code: "BAD_REQUEST" } },
    });
    expect(await command(s, "set_position", [])).toMatchObject({ status: 400 });
    expect(await command(s, "up", [0, 1, 2])).toMatchObject({ status: 400 });
    // Companion is not paired yet: app_list is not supported by the protocols connected.
    expect(await command(s, "app_list")).toMatchObject({
      status: 501,
      body: { error: { code: "NOT_SUPPORTED" } },
    });
    const badJson = await fetch(new URL(`/api/devices/${s.id}/commands/play`, s.server.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(badJson.status).toBe(400);
    expect((await api(s.server, "GET", "/api/nothing")).status).toBe(404);
  });
});

describe("commands", () => {
  it("presses buttons and changes state on the device", async () => {
    const before = s.sim.mrp.state.buttons.length;
    expect(await command(s, "menu")).toMatchObject({
      status: 200,
      body: { result: "success", command: "menu" },
    });
    expect(await command(s, "select", ["DoubleTap"])).toMatchObject({ status: 200 });
    expect(s.sim.mrp.state.buttons.length).toBe(before + 2);
    expect(await command(s, "set_volume", [40])).toMatchObject({ status: 200 });
    expect(await command(s, "volume")).toMatchObject({ status: 200, body: { volume: 40 } });
    expect(await command(s, "title")).toMatchObject({ status: 200, body: { title: "Bridge Song" } });
    expect(await command(s, "device_state")).toMatchObject({ body: { device_state: "playing" } });
    expect(await command(s, "pause")).toMatchObject({ status: 200 });
    expect(await command(s, "play_url", ["https://example.com/bridge.mp4"])).toMatchObject({ status: 200 });
    expect(s.sim.airplay.state.playback.url).toBe("https://example.com/bridge.mp4");
  });

  it("pairs Companion through the API, then app, keyboard and power commands work", async () => {
    const begin = await api(s.server, "POST", `/api/devices/${s.id}/pair/companion`);
    expect(begin).toMatchObject({ status: 200, body: { pairing: "started", device_provides_pin: true } });
    const wrong = await api(s.server, "POST", `/api/devices/${s.id}/pair/companion/pin`, { pin: "0000" });
    expect(wrong).toMatchObject({ status: 403, body: { error: { code: "PAIRING" } } });
    expect(
      (await api(s.server, "POST", `/api/devices/${s.id}/pair/companion/pin`, { pin: 2222 })).status,
    ).toBe(409);
    expect((await api(s.server, "POST", `/api/devices/${s.id}/pair/companion`)).status).toBe(200);
    const ok = await api(s.server, "POST", `/api/devices/${s.id}/pair/companion/pin`, { pin: 2222 });
    expect(ok).toMatchObject({ status: 200, body: { paired: true } });
    // The bridge reconnects with the new credentials; Companion commands then work.
    const apps = await command(s, "app_list");
    expect(apps.status).toBe(200);
    const first = (apps.body["app_list"] as { identifier: string }[])[0];
    expect(first).toBeDefined();
    expect(await command(s, "launch_app", [first?.identifier ?? ""])).toMatchObject({ status: 200 });
    expect(s.sim.companion?.state.activeApp).toBe(first?.identifier);
    expect(await command(s, "turn_off")).toMatchObject({ status: 200 });
    expect(await command(s, "power_state")).toMatchObject({ body: { power_state: "off" } });
    expect(await command(s, "turn_on")).toMatchObject({ status: 200 });
  });

  it("every CLI command answers 200 or a typed error, never an internal error", async () => {
    const sample = (spec: ArgSpec): unknown => {
      if (spec.type === "int") return spec.name.includes("duration") ? 100 : 10;
      if (spec.type === "number") return 30;
      if (spec.type === "strings") return "nope";
      if (spec.type === "string") return spec.name === "url" ? "https://example.com/a.mp4" : "abc";
      return 0;
    };
    const statuses = new Map<string, number>();
    for (const c of apiCommandList) {
      if (c.name === "stream_file" || c.name === "close") continue; // streaming: covered by the CLI's RAOP tests
      const args = c.args.filter((a) => !a.optional).map(sample);
      const response = await command(s, c.name, args);
      statuses.set(c.name, response.status);
      if (response.status !== 200)
        expect(typeof (response.body["error"] as { code?: unknown }).code, c.name).toBe("string");
      // 200, or a typed 4xx/501/502/503/504; 500 would be an untyped (internal) failure.
      expect(response.status, `${c.name}: ${JSON.stringify(response.body)}`).toBeLessThan(600);
      expect(response.status, c.name).not.toBe(500);
    }
    // The MRP/Companion/AirPlay commands the simulator implements all succeed.
    for (const name of [
      "up",
      "down",
      "left",
      "right",
      "home",
      "play_pause",
      "next",
      "previous",
      "skip_forward",
      "set_shuffle",
      "set_repeat",
      "volume_up",
      "volume_down",
      "text_get",
      "app_list",
      "account_list",
      "playing",
      "artwork",
      "swipe",
      "click",
    ])
      expect(statuses.get(name), name).toBe(200);
  });
});
