/** The fake device facing a hostile client: malformed or oversized bodies are refused; it keeps serving. */
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { DEFAULT_HSGID, startDmapServer } from "../../src/server/index.js";

function send(port: number, method: string, path: string, body?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" ? resolve(-1) : reject(e)));
    req.end(body);
  });
}

describe("DMAP device side against a hostile client", () => {
  it("malformed DMAP in controlpromptentry: 400; unknown session: 403; too large: 413 or reset", async () => {
    await using device = await startDmapServer({ maxRequestBytes: 1024 });
    expect(await send(device.port, "GET", `/login?hsgid=${DEFAULT_HSGID}&hasFP=1`)).toBe(200);
    const prompt = "/ctrl-int/1/controlpromptentry?session-id=55555&prompt-id=0";
    expect(await send(device.port, "POST", prompt, Buffer.from("636d6265ffffffff", "hex"))).toBe(400);
    expect(await send(device.port, "POST", "/ctrl-int/1/play?session-id=1&prompt-id=0")).toBe(403);
    expect([413, -1]).toContain(await send(device.port, "POST", prompt, Buffer.alloc(64 * 1024)));
    expect(await send(device.port, "POST", "/ctrl-int/1/play?session-id=55555&prompt-id=0")).toBe(200);
    expect(device.state.lastButton).toBe("play");
  });

  it("a wrong login is 503; unknown paths 404", async () => {
    await using device = await startDmapServer();
    expect(await send(device.port, "GET", "/login?pairing-guid=0x0000000000000001&hasFP=1")).toBe(503);
    expect(await send(device.port, "GET", `/login?hsgid=${DEFAULT_HSGID}`)).toBe(200);
    expect(await send(device.port, "GET", "/databases?session-id=55555")).toBe(404);
  });
});
