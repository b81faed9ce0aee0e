/** The bridge's HTTP layer over real sockets: body limits and parsing, HEAD, headers, odd paths. */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStorage } from "../../src/index.js";
import { startServer, type RunningServer } from "../../src/serve/server.js";

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request with the path written exactly as given (no URL normalisation). */
function raw(
  server: RunningServer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: server.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

const errorCode = (r: Raw): unknown => (JSON.parse(r.text) as { error: { code: string } }).error.code;

describe.each([
  ["loopback without a token", undefined],
  ["with a token", "sekrit-token-123"],
])("atv serve HTTP layer (%s)", (_name, token) => {
  let server: RunningServer;
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};

  beforeAll(async () => {
    server = await startServer({
      initialScan: false,
      scanHosts: ["127.0.0.1"],
      scanPort: 9,
      scanTimeout: 50,
      storage: new MemoryStorage(),
      ...(token ? { token } : {}),
    });
  });
  afterAll(() => server.close());

  it("caps request bodies at 64 KiB (413), declared or streamed", async () => {
    const big = Buffer.alloc(64 * 1024 + 1, 0x20);
    const declared = await raw(
      server,
      "POST",
      "/api/scan",
      { ...auth, "content-type": "application/json" },
      big,
    );
    expect(declared.status).toBe(413);
    expect(declared.headers.connection).toBe("close");
    expect(errorCode(declared)).toBe("BAD_REQUEST");
    const chunked = await raw(
      server,
      "POST",
      "/api/scan",
      { ...auth, "content-type": "application/json", "transfer-encoding": "chunked" },
      big,
    );
    expect(chunked.status).toBe(413);
  });

  it("answers 400 for broken or empty JSON and 415 for other media types", async () => {
    const json = { ...auth, "content-type": "application/json" };
    const broken = await raw(server, "POST", "/api/devices/x/commands/up", json, "{nope");
    expect([broken.status, errorCode(broken)]).toEqual([400, "BAD_REQUEST"]);
    const empty = await raw(server, "POST", "/api/devices/x/commands/up", json, "");
    expect([empty.status, errorCode(empty)]).toEqual([400, "BAD_REQUEST"]);
    const xml = await raw(
      server,
      "POST",
      "/api/devices/x/commands/up",
      { ...auth, "content-type": "text/xml" },
      "<a/>",
    );
    expect(xml.status).toBe(415);
    // A well-formed body reaches the route: the device is unknown.
    const ok = await raw(server, "POST", "/api/devices/x/commands/up", json, '{"args":[]}');
    expect(ok.status).toBe(404);
    expect(errorCode(ok)).not.toBe("NOT_FOUND");
  });

  it("answers HEAD like GET without a body, with the security headers on every answer", async () => {
    const head = await raw(server, "HEAD", "/");
    expect(head.status).toBe(200);
    expect(head.headers["content-type"]).toMatch(/^text\/html/);
    expect(head.text).toBe("");
    const missing = await raw(server, "GET", "/nope?x=1", auth);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({
      error: { code: "NOT_FOUND", message: "no route GET /nope?x=1" },
    });
    for (const r of [head, missing]) {
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.headers["referrer-policy"]).toBe("no-referrer");
    }
  });

  it("never routes a path that dodges the /api/ guard, and rejects malformed escapes", async () => {
    for (const path of [
      "//evil/api/devices",
      "/x/../api/devices",
      "/x/%2e%2e/api/devices",
      "/API/devices",
      "http://evil/api/devices",
    ]) {
      const r = await raw(server, "GET", path);
      expect(r.status, path).toBe(404);
      expect(r.text, path).not.toContain('devices":');
    }
    const malformed = await raw(server, "GET", "/api/devices/%E0%A4%A/playing", auth);
    expect([malformed.status, errorCode(malformed)]).toEqual([400, "BAD_REQUEST"]);
    const encoded = await raw(server, "GET", `/api/devices/${encodeURIComponent("a b/c")}/playing`, auth);
    expect(encoded.status).toBe(404);
    const { error } = JSON.parse(encoded.text) as { error: { code: string; message: string } };
    expect(error.code).toBe("DEVICE_NOT_FOUND");
    expect(error.message).toContain("no device with identifier a b/c ");
  });
});
