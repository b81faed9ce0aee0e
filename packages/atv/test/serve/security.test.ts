/** Token, Origin and Host checks of the HTTP API and the event WebSocket; the CLI's refusals and ready line. */
import { request } from "node:http";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { runServe } from "../../src/serve/command.js";
import { startServer } from "../../src/serve/server.js";
import { api, startSetup, type Setup } from "./harness.js";

const TOKEN = "correct-horse-battery";
let s: Setup;
beforeAll(async () => {
  s = await startSetup({ token: TOKEN });
});
afterAll(async () => {
  await s.close();
});

function rawGet(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

function openWs(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on("open", () => {
      ws.close();
      resolve(101);
    });
    ws.on("unexpected-response", (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.on("error", () => resolve(-1));
  });
}

describe("token", () => {
  it("answers 401 without or with a wrong token, 200 with the right one (header or ?token=)", async () => {
    expect(await api(s.server, "GET", "/api/devices")).toMatchObject({
      status: 401,
      body: { error: { code: "UNAUTHORIZED" } },
    });
    expect(
      (await api(s.server, "GET", "/api/devices", undefined, { authorization: "Bearer nope-nope-nope" }))
        .status,
    ).toBe(401);
    expect(
      (await api(s.server, "GET", "/api/devices", undefined, { authorization: `Bearer ${TOKEN}x` })).status,
    ).toBe(401);
    expect(
      (await api(s.server, "GET", "/api/devices", undefined, { authorization: `Bearer ${TOKEN}` })).status,
    ).toBe(200);
    expect((await api(s.server, "GET", `/api/devices?token=${TOKEN}`)).status).toBe(200);
    expect((await api(s.server, "POST", `/api/devices/${s.id}/commands/menu`, { args: [] })).status).toBe(
      401,
    );
    expect(s.sim.mrp.state.buttons).toHaveLength(0); // nothing reached the device
    // The web remote's page itself is public (it holds no secret); the API behind it is not.
    expect((await fetch(s.server.url)).status).toBe(200);
  });

  it("guards the event WebSocket and SSE with the same token", async () => {
    const ws = s.server.url.replace(/^http/, "ws") + "api/events";
    expect(await openWs(ws)).toBe(401);
    expect(await openWs(ws, { authorization: "Bearer wrong-wrong" })).toBe(401);
    expect(await openWs(`${ws}?token=${TOKEN}`)).toBe(101);
    expect(await openWs(ws, { authorization: `Bearer ${TOKEN}` })).toBe(101);
    expect(await rawGet(`${s.server.url}api/events`, { accept: "text/event-stream" })).toBe(401);
  });
});

describe("origin and host", () => {
  it("refuses cross-origin browser requests and WebSockets (403), allows same-origin", async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const evil = { ...auth, origin: "http://evil.example" };
    expect(await api(s.server, "GET", "/api/devices", undefined, evil)).toMatchObject({
      status: 403,
      body: { error: { code: "ORIGIN_NOT_ALLOWED" } },
    });
    const same = { ...auth, origin: s.server.url.replace(/\/$/, "") };
    expect((await api(s.server, "GET", "/api/devices", undefined, same)).status).toBe(200);
    const ws = s.server.url.replace(/^http/, "ws") + "api/events";
    expect(await openWs(`${ws}?token=${TOKEN}`, { origin: "http://evil.example" })).toBe(403);
    expect(await openWs(`${ws}?token=${TOKEN}`, { origin: s.server.url.replace(/\/$/, "") })).toBe(101);
  });

  it("without a token only loopback Host headers are served (DNS rebinding)", async () => {
    const open = await startServer({ initialScan: false });
    try {
      expect(await rawGet(`${open.url}api/devices`, {})).toBe(200);
      expect(await rawGet(`${open.url}api/devices`, { host: `localhost:${open.port}` })).toBe(200);
      expect(await rawGet(`${open.url}api/devices`, { host: `attacker.example:${open.port}` })).toBe(403);
      const ws = open.url.replace(/^http/, "ws") + "api/events";
      expect(await openWs(ws, { host: "attacker.example" })).toBe(403);
      expect(await openWs(ws)).toBe(101);
    } finally {
      await open.close();
    }
  });

  it("refuses to bind anything but loopback without a token", async () => {
    await expect(startServer({ host: "0.0.0.0", initialScan: false })).rejects.toThrow(/needs a token/);
    await expect(startServer({ host: "::", initialScan: false })).rejects.toBeInstanceOf(RangeError);
    await expect(startServer({ token: "short", initialScan: false })).rejects.toBeInstanceOf(RangeError);
  });
});

describe("atv serve (command)", () => {
  const io = (signal: AbortSignal) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = "";
    let err = "";
    stdout.on("data", (d: Buffer) => (out += d.toString()));
    stderr.on("data", (d: Buffer) => (err += d.toString()));
    return { io: { stdout, stderr, signal, env: {} }, out: () => out, err: () => err };
  };

  it("exits 2 when asked to bind a non-loopback address without a token", async () => {
    const t = io(new AbortController().signal);
    expect(await runServe(["--host", "0.0.0.0", "--storage", "none"], t.io)).toBe(2);
    expect(t.err()).toMatch(/needs a token/);
    expect(t.out()).toBe("");
  });

  it("prints one JSON ready line with the URL, serves, and stops on the signal", async () => {
    const ac = new AbortController();
    const t = io(ac.signal);
    const running = runServe(
      [
        "--port",
        "0",
        "--storage",
        "none",
        "--scan-hosts",
        "127.0.0.1",
        "--scan-port",
        String(s.sim.info.ports.udns),
      ],
      t.io,
    );
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (t.out().includes("\n")) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    const ready = JSON.parse(t.out()) as {
      serve: string;
      url: string;
      host: string;
      token_required: boolean;
    };
    expect(ready).toMatchObject({ serve: "ready", host: "127.0.0.1", token_required: false });
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await fetch(`${ready.url}api/openapi.json`)).status).toBe(200);
    ac.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${ready.url}api/devices`)).rejects.toThrow();
  });
});
