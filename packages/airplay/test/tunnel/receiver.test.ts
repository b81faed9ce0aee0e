/** The device side's answers to hostile or out-of-order tunnel requests (no sockets needed for most). */
import { afterEach, describe, expect, it } from "vitest";
import { request } from "../../src/http/message.js";
import { decodePlistDict, encodeBinaryPlist, type PlistDict } from "../../src/plist/index.js";
import { TunnelReceiver } from "../../src/tunnel/receiver.js";
import { dataStreamSetupBody, remoteControlSetupBody } from "../../src/tunnel/setup-bodies.js";

let receiver: TunnelReceiver | undefined;
afterEach(async () => {
  await receiver?.dispose();
  receiver = undefined;
});

const rtsp = (method: string, uri: string, body?: PlistDict | Uint8Array) =>
  request({
    method,
    uri,
    protocol: "RTSP/1.0",
    ...(body === undefined ? {} : { body: body instanceof Uint8Array ? body : encodeBinaryPlist(body) }),
  });

function fresh(): TunnelReceiver {
  receiver = new TunnelReceiver(new Uint8Array(32).fill(1), { onDataChannel: () => undefined });
  return receiver;
}

describe("TunnelReceiver", () => {
  it("leaves requests that are not the tunnel's to the receiver (undefined)", async () => {
    const r = fresh();
    expect(await r.handle(rtsp("GET", "/info"))).toBeUndefined();
    expect(await r.handle(rtsp("RECORD", "rtsp://x/1"))).toBeUndefined();
    expect(await r.handle(rtsp("POST", "/feedback"))).toBeUndefined();
    expect(await r.handle(rtsp("TEARDOWN", "rtsp://x/1"))).toBeUndefined();
    // A normal (audio) session SETUP and an audio stream SETUP are not the tunnel's either.
    expect(await r.handle(rtsp("SETUP", "rtsp://x/1", { timingProtocol: "NTP" }))).toBeUndefined();
    expect(await r.handle(rtsp("SETUP", "rtsp://x/1", { streams: [{ type: 96 }] }))).toBeUndefined();
    expect(await r.handle(rtsp("SETUP", "rtsp://x/1", new Uint8Array([1, 2, 3])))).toBeUndefined();
    expect(r.active).toBe(false);
  });

  it("a data stream SETUP before the session SETUP is 455; a bad body is 400", async () => {
    const r = fresh();
    expect((await r.handle(rtsp("SETUP", "rtsp://x/1", dataStreamSetupBody())))?.status).toBe(455);
    expect(
      (await r.handle(rtsp("SETUP", "rtsp://x/1", { isRemoteControlOnly: true, name: 7 })))?.status,
    ).toBe(400);
    expect(
      (await r.handle(rtsp("SETUP", "rtsp://x/1", { streams: [{ type: 130, seed: "x" }] })))?.status,
    ).toBe(400);
  });

  it("session SETUP → eventPort; RECORD, /feedback {streams: []}, stream SETUP → dataPort; TEARDOWN ends it", async () => {
    const r = fresh();
    const setup = await r.handle(rtsp("SETUP", "rtsp://x/1", remoteControlSetupBody()));
    expect(setup?.status).toBe(200);
    expect(decodePlistDict(setup?.body ?? new Uint8Array())["eventPort"]).toBeGreaterThan(0);
    expect(r.active).toBe(true);
    const record = await r.handle(rtsp("RECORD", "rtsp://x/1"));
    expect(record?.headers.get("Audio-Latency")).toBe("0");
    const feedback = await r.handle(rtsp("POST", "/feedback"));
    expect(decodePlistDict(feedback?.body ?? new Uint8Array())).toEqual({ streams: [] });
    const streams = await r.handle(rtsp("SETUP", "rtsp://x/1", dataStreamSetupBody({ seed: 99n })));
    const reply = decodePlistDict(streams?.body ?? new Uint8Array());
    expect(reply).toMatchObject({ streams: [{ type: 130, streamID: 1 }] });
    expect(((reply["streams"] as PlistDict[])[0] as PlistDict)["dataPort"]).toBeGreaterThan(0);
    expect((await r.handle(rtsp("TEARDOWN", "rtsp://x/1")))?.status).toBe(200);
    expect(r.active).toBe(false);
    await expect(r.sendEvent({ type: "updateInfo" })).rejects.toThrow(/no event channel/);
  });

  it("after dispose() nothing is handled", async () => {
    const r = fresh();
    await r.dispose();
    expect(await r.handle(rtsp("SETUP", "rtsp://x/1", remoteControlSetupBody()))).toBeUndefined();
  });
});
