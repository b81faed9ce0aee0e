/**
 * The remote-control tunnel over real loopback sockets: our client (AirPlayTunnel + @atv/mrp's
 * ChannelTransport) against our receiver side (TunnelReceiver + the fake MRP device), with every
 * channel HAP-encrypted. Step order, event-channel answers, MRP through the data channel, the
 * keep-alive and every way of losing the tunnel (reported once, within 5 s, nothing left hanging).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectionLostError, InputAction } from "@atv/core";
import { ChannelTransport, MrpSetup, mrpProto } from "@atv/mrp";
import { decodePlistDict } from "../../src/plist/index.js";
import type { AirPlayTunnel } from "../../src/tunnel/client.js";
import { openTunnel, startTunnelDevice, type TunnelDevice } from "./helpers/tunnel-device.js";

let device: TunnelDevice | undefined;
let setup: MrpSetup | undefined;
let tunnel: AirPlayTunnel | undefined;
afterEach(async () => {
  await setup?.close();
  await tunnel?.close();
  await device?.close();
  device = setup = tunnel = undefined;
});

async function tunnelledSetup(feedbackIntervalMs = 2000) {
  device = await startTunnelDevice();
  const dev = device;
  const tunnels: AirPlayTunnel[] = [];
  setup = new MrpSetup({
    pairVerify: false,
    heartbeatIntervalMs: 0,
    transport: async ({ signal }) => {
      const t = await openTunnel(dev, { feedbackIntervalMs, ...(signal ? { signal } : {}) });
      tunnels.push(t);
      return new ChannelTransport(t, { label: "client" });
    },
  });
  const events: string[] = [];
  const errors: Error[] = [];
  setup.events.on("connectionLost", (error) => {
    events.push("lost");
    errors.push(error);
  });
  setup.events.on("connectionClosed", () => events.push("closed"));
  await setup.connect();
  return { device: dev, setup, tunnel: tunnels[0] as AirPlayTunnel, events, errors };
}

describe("MRP tunnel over AirPlay 2", () => {
  it("sets up in pyatv's order: SETUP, RECORD, SETUP streams; the device learns the client's name", async () => {
    device = await startTunnelDevice();
    tunnel = await openTunnel(device, { clientInfo: { name: "Test remote" }, feedbackIntervalMs: 0 });
    expect(device.requests).toEqual(["SETUP <session>", "RECORD <session>", "SETUP <session>"]);
    const receiver = device.receivers[0];
    expect(receiver?.active).toBe(true);
    expect(receiver?.dataChannel).toBeDefined();
    expect(tunnel.closed).toBe(false);
  });

  it("answers the device's event-channel requests with 200, Content-Length 0, Audio-Latency 0 and the CSeq", async () => {
    device = await startTunnelDevice();
    const seen: string[] = [];
    tunnel = await openTunnel(device, { feedbackIntervalMs: 0, onEvent: (r) => seen.push(r.uri) });
    const receiver = device.receivers[0];
    await vi.waitFor(() => expect(receiver?.eventConnection).toBeDefined());
    for (let i = 0; i < 3; i++) {
      const reply = await receiver?.sendEvent({ type: "updateInfo", value: { name: "Tunnel ATV" } });
      expect(reply?.status).toBe(200);
      expect(reply?.protocol).toBe("RTSP/1.0");
      expect(reply?.headers.get("Audio-Latency")).toBe("0");
      expect(reply?.headers.get("Content-Length")).toBe("0");
      expect(reply?.headers.get("CSeq")).toBe(String(i));
    }
    expect(seen).toEqual(["/command", "/command", "/command"]);
  });

  it("runs MRP over the data channel: metadata, buttons, commands, volume, artwork, push updates", async () => {
    const { device, setup } = await tunnelledSetup();
    const caps = setup.capabilities;
    const art = new Uint8Array(5000).fill(7);
    device.mrp.useCases.musicPlaying({ title: "Tunnelled", artist: "AirPlay", totalTime: 100 });
    device.mrp.useCases.changeArtwork(art, "image/png", { width: 10, height: 10, identifier: "a" });
    await vi.waitFor(async () => expect((await caps.metadata.playing()).title).toBe("Tunnelled"));
    await caps.remoteControl.up(InputAction.SingleTap);
    expect(device.mrp.state.lastButton?.key).toBe("up");
    await caps.remoteControl.next();
    expect(device.mrp.state.lastCommand?.command).toBe(mrpProto.Command.NEXT_TRACK);
    await caps.audio.setVolume(40);
    expect(Math.round(device.mrp.state.volume * 100)).toBe(40);
    const artwork = await caps.metadata.artwork();
    expect(artwork?.bytes).toEqual(art);
    const titles: string[] = [];
    caps.pushUpdater.on("playing", (p) => void titles.push(p.title ?? ""));
    caps.pushUpdater.start(0);
    device.mrp.useCases.changeMetadata({ title: "Pushed through" });
    await vi.waitFor(() => expect(titles).toContain("Pushed through"));
    expect(device.mrp.state.receivedTypes).not.toContain(
      mrpProto.ProtocolMessage_Type.CRYPTO_PAIRING_MESSAGE,
    );
  });

  it("a large message crosses many HAP blocks and data-stream chunks intact", async () => {
    const { device, setup } = await tunnelledSetup();
    const art = new Uint8Array(300_000).map((_, i) => i % 251);
    device.mrp.useCases.musicPlaying({ title: "Big art" });
    device.mrp.useCases.changeArtwork(art, "image/jpeg", { width: 1, height: 1, identifier: "big" });
    await vi.waitFor(async () => expect((await setup.capabilities.metadata.playing()).title).toBe("Big art"));
    const artwork = await setup.capabilities.metadata.artwork();
    expect(artwork?.bytes.length).toBe(art.length);
    expect(artwork?.bytes).toEqual(art);
  });

  it("sends /feedback every period on the control connection", async () => {
    const { device } = await tunnelledSetup(50);
    await vi.waitFor(() =>
      expect(device.requests.filter((r) => r === "POST /feedback").length).toBeGreaterThanOrEqual(3),
    );
  });

  it("our close() closes all three connections, reports nothing, and the device's channels end", async () => {
    const { device, setup, tunnel: t, events } = await tunnelledSetup();
    await setup.close();
    expect(t.closed).toBe(true);
    expect(t.control.closed && t.eventChannel.closed && t.data.closed).toBe(true);
    await vi.waitFor(() => expect(device.mrp.connectionCount).toBe(0));
    await vi.waitFor(() => expect(device.receivers[0]?.active).toBe(false));
    expect(events).toEqual([]);
  });

  const losses: [string, (device: TunnelDevice, tunnel: AirPlayTunnel) => void][] = [
    ["the device drops the event channel", (d) => d.receivers[0]?.eventConnection?.destroy()],
    ["the device resets the data channel", (d) => d.receivers[0]?.dataChannel?.reset()],
    ["the control connection drops", (_d, t) => t.control.destroy()],
    ["the device stops answering /feedback", (d) => (d.stallFeedback = true)],
  ];
  for (const [name, cause] of losses) {
    it(`${name}: one connectionLost within 5 s, pending calls reject, everything closed`, async () => {
      const { device, setup, tunnel: t, events, errors } = await tunnelledSetup(500);
      const started = Date.now();
      cause(device, t);
      await vi.waitFor(() => expect(events).toEqual(["lost"]), { timeout: 5000, interval: 20 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(errors[0]).toBeInstanceOf(ConnectionLostError);
      await expect(setup.capabilities.remoteControl.play()).rejects.toBeInstanceOf(ConnectionLostError);
      await vi.waitFor(() => expect(t.control.closed && t.eventChannel.closed && t.data.closed).toBe(true));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events).toEqual(["lost"]);
    });
  }

  it("the device closing the data channel cleanly while idle is connectionClosed (pyatv), and everything closes", async () => {
    const { device, tunnel: t, events } = await tunnelledSetup(500);
    await device.receivers[0]?.dataChannel?.close();
    await vi.waitFor(() => expect(events).toEqual(["closed"]));
    await vi.waitFor(() => expect(t.control.closed && t.eventChannel.closed && t.data.closed).toBe(true));
  });

  it("a control connection the device cannot decrypt fails open() and is closed", async () => {
    device = await startTunnelDevice();
    const { HttpConnection } = await import("../../src/http/connection.js");
    const control = await HttpConnection.connect("127.0.0.1", device.http.port);
    // No encryption on our side: the device cannot read us and drops the connection.
    const { AirPlayTunnel } = await import("../../src/tunnel/client.js");
    await expect(
      AirPlayTunnel.open(control, device.secret, { host: "127.0.0.1", timeoutMs: 2000 }),
    ).rejects.toBeInstanceOf(Error);
    await vi.waitFor(() => expect(control.closed).toBe(true));
  });

  it("the SETUP reply body is a binary plist with eventPort", async () => {
    device = await startTunnelDevice();
    const receiverReply = await (async () => {
      const { TunnelReceiver } = await import("../../src/tunnel/receiver.js");
      const { remoteControlSetupBody } = await import("../../src/tunnel/setup-bodies.js");
      const { encodeBinaryPlist } = await import("../../src/plist/index.js");
      const { request } = await import("../../src/http/message.js");
      const receiver = new TunnelReceiver(device.secret, { onDataChannel: () => undefined });
      const reply = await receiver.handle(
        request({
          method: "SETUP",
          uri: "rtsp://x/1",
          protocol: "RTSP/1.0",
          body: encodeBinaryPlist(remoteControlSetupBody()),
        }),
      );
      await receiver.dispose();
      return reply;
    })();
    expect(receiverReply?.status).toBe(200);
    const port = decodePlistDict(receiverReply?.body ?? new Uint8Array())["eventPort"];
    expect(typeof port).toBe("number");
  });
});
