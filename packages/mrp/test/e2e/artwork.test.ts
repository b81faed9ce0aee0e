/**
 * Artwork as pyatv 0.18 fetches it (protocols/mrp/__init__.py `artwork`,
 * `_fetch_remote_artwork`, `artwork_id`): the app's URL template
 * (artworkIdentifier with {w},{h},{c}=bb,{f}=png), then artworkURL, over HTTP,
 * then the device over MRP; any failure gives no artwork instead of an error.
 * Every URL points at a loopback HTTP server this test starts.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { until } from "@atv/test-utils";
import { MrpSetup } from "../../src/setup.js";
import { startMrpServer, type MrpServer } from "../../src/server/index.js";
import { MessageType } from "../../src/codec/index.js";
import { fetchRemoteArtwork, fillArtworkTemplate } from "../../src/capabilities/remote-artwork.js";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 9, 9]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 1, 2]);

let device: MrpServer | undefined;
let setup: MrpSetup | undefined;
let http: Server | undefined;
afterEach(async () => {
  await setup?.close();
  await device?.close();
  if (http) await new Promise((resolve) => http!.close(resolve));
  setup = device = http = undefined;
});

/** A loopback HTTP server: /ok/* answers JPEG bytes, /missing/* 404, /big/* a body over the limit. */
async function startHttp(): Promise<{ base: string; paths: string[] }> {
  const paths: string[] = [];
  http = createServer((req, res) => {
    paths.push(req.url ?? "");
    if (req.url?.startsWith("/ok/")) {
      res.writeHead(200, { "content-type": "image/jpeg" });
      res.end(Buffer.from(JPEG));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => http!.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, paths };
}

async function connect(requestTimeoutMs?: number) {
  device = await startMrpServer();
  device.useCases.musicPlaying({ title: "t", itemIdentifier: "item-1" });
  setup = new MrpSetup({
    host: device.host,
    port: device.port,
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
  });
  await setup.connect();
  await until(() => setup!.capabilities.metadata.app);
  return { device, metadata: setup.capabilities.metadata };
}

const queueRequests = (s: MrpServer): number =>
  s.state.receivedTypes.filter((t) => t === MessageType.PLAYBACK_QUEUE_REQUEST_MESSAGE).length;

describe("artwork URL template", () => {
  it("fills {w},{h},{c},{f} like Python str.format; sides < 1 become 999999", () => {
    expect(fillArtworkTemplate("https://a.example/{w}x{h}{c}.{f}", 300, -1)).toBe(
      "https://a.example/300x999999bb.png",
    );
    expect(fillArtworkTemplate("http://h/{w}/{{x}}", 0, 5)).toBe("http://h/999999/{x}");
    expect(fillArtworkTemplate("http://h/{w}/{other}", 1, 1)).toBeUndefined(); // KeyError in pyatv
    expect(fillArtworkTemplate("not-a-url-{w}", 1, 1)).toBeUndefined();
    expect(fillArtworkTemplate("art-123", 1, 1)).toBeUndefined(); // an ordinary identifier
  });
});

describe("remote artwork", () => {
  it("fetches the filled artworkIdentifier template over HTTP before asking the device", async () => {
    const { base, paths } = await startHttp();
    const { device, metadata } = await connect();
    device.useCases.changeRemoteArtwork({ identifier: `${base}/ok/{w}x{h}{c}.{f}`, available: true });
    await until(() => metadata.artworkId?.startsWith(base));
    const art = await metadata.artwork({ width: 300, height: null });
    expect(paths).toEqual(["/ok/300x999999bb.png"]);
    expect(art).toEqual({ bytes: JPEG, mimetype: "image/jpeg", width: 300, height: -1 });
    expect(queueRequests(device)).toBe(0);
  });

  it("falls back to artworkURL when the template fails; artworkURL alone makes artwork available", async () => {
    const { base, paths } = await startHttp();
    const { device, metadata } = await connect();
    device.useCases.changeRemoteArtwork({
      identifier: `${base}/missing/{w}.{f}`,
      url: `${base}/ok/fixed.jpg`,
    });
    await until(() => metadata.artworkId !== undefined);
    expect(metadata.artworkId).toBe(`${base}/missing/{w}.{f}`); // no artworkAvailable: artworkURL suffices
    const art = await metadata.artwork();
    expect(paths).toEqual(["/missing/512.png", "/ok/fixed.jpg"]);
    expect(art?.bytes).toEqual(JPEG);

    device.useCases.changeRemoteArtwork({ url: `${base}/ok/only.jpg` });
    await until(() => metadata.artworkId === "item-1"); // no identifier: the item's
    expect((await metadata.artwork())?.mimetype).toBe("image/jpeg");
  });

  it("falls back to the device when every URL fails", async () => {
    const { base, paths } = await startHttp();
    const { device, metadata } = await connect();
    device.useCases.changeArtwork(PNG, "image/png", { identifier: "a" });
    device.useCases.changeRemoteArtwork({ identifier: `${base}/missing/{w}`, url: `${base}/missing/x` });
    await until(() => metadata.artworkId === `${base}/missing/{w}`);
    const art = await metadata.artwork();
    expect(paths).toHaveLength(2);
    expect(art?.bytes).toEqual(PNG);
    expect(queueRequests(device)).toBe(1);
  });
});

describe("artwork failures are tolerated as in pyatv", () => {
  it("a body over the size limit is skipped (the limit is checked while reading)", async () => {
    const { base, paths } = await startHttp();
    const urls = [`${base}/ok/a`, `${base}/ok/b`];
    await expect(fetchRemoteArtwork(urls, 1, 1, { maxBytes: JPEG.length - 1 })).resolves.toBeUndefined();
    expect(paths).toEqual(["/ok/a", "/ok/b"]);
    expect((await fetchRemoteArtwork(urls, 1, 1, { maxBytes: JPEG.length }))?.bytes).toEqual(JPEG);
  });

  it("a device that never answers the playback-queue request gives no artwork, not an error", async () => {
    const { device, metadata } = await connect(200);
    device.useCases.changeArtwork(PNG, "image/png", { identifier: "a" });
    await until(() => metadata.artworkId === "a");
    device.setInterceptor((m) =>
      m.type === MessageType.PLAYBACK_QUEUE_REQUEST_MESSAGE ? "ignore" : undefined,
    );
    await expect(metadata.artwork()).resolves.toBeUndefined();
  });

  it("an unreachable artworkURL and no MRP artwork give no artwork", async () => {
    const { base } = await startHttp();
    await new Promise((resolve) => http!.close(resolve));
    http = undefined;
    const { device, metadata } = await connect();
    device.useCases.changeRemoteArtwork({ url: `${base}/ok/gone.jpg` });
    await until(() => metadata.artworkId !== undefined);
    await expect(metadata.artwork()).resolves.toBeUndefined();
  });

  it("an abort through the caller's signal still rejects", async () => {
    const { device, metadata } = await connect(5_000);
    device.useCases.changeArtwork(PNG, "image/png", { identifier: "a" });
    await until(() => metadata.artworkId === "a");
    device.setInterceptor((m) =>
      m.type === MessageType.PLAYBACK_QUEUE_REQUEST_MESSAGE ? "ignore" : undefined,
    );
    const controller = new AbortController();
    const pending = metadata.artwork({ signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});
