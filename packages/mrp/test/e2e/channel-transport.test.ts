/**
 * MRP over a transport that is not MRP's TCP port: MrpSetup with a transport factory, the fake
 * device serving the other end of an in-memory channel pair (serve()), no MRP pair-verify and no
 * heartbeat (the AirPlay tunnel's mode). Also the ChannelTransport's failure paths.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectionLostError, InputAction, ProtocolError } from "@atv/core";
import { MrpSetup } from "../../src/setup.js";
import { MrpClient } from "../../src/client.js";
import {
  encodeProtocolMessage,
  FrameTooLargeError,
  MalformedMessageError,
  MessageType,
  genericMessage,
} from "../../src/codec/index.js";
import { startMrpServer, type MrpServer } from "../../src/server/index.js";
import {
  ChannelTransport,
  MAX_CONSECUTIVE_BAD_MESSAGES,
  memoryChannelPair,
  type MrpFrameChannel,
} from "../../src/transport.js";
import { withoutUnhandledRejections } from "../helpers/connection-pair.js";

// Real HAP credentials shape; with pairVerify: false they only name the client.
const CREDENTIALS = `${"11".repeat(32)}:${"22".repeat(32)}:${Buffer.from("ATV-ID").toString("hex")}:${Buffer.from("CLIENT-ID").toString("hex")}`;

let server: MrpServer | undefined;
let setup: MrpSetup | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await setup?.close();
  await server?.close();
  setup = server = undefined;
});

/** A fake device without a TCP port and a setup whose factory opens a channel to it. */
async function tunnelled(options: { credentials?: string } = {}): Promise<{
  server: MrpServer;
  setup: MrpSetup;
  opened: MrpFrameChannel[];
  events: string[];
  errors: Error[];
}> {
  server = await startMrpServer({ listen: false });
  const device = server;
  const opened: MrpFrameChannel[] = [];
  setup = new MrpSetup({
    pairVerify: false,
    heartbeatIntervalMs: 0,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    transport: () => {
      const pair = memoryChannelPair();
      opened.push(pair.client, pair.device);
      device.serve(new ChannelTransport(pair.device, { label: "device" }));
      return Promise.resolve(new ChannelTransport(pair.client, { label: "client" }));
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
  return { server, setup, opened, events, errors };
}

describe("MRP over a channel transport", () => {
  it("a device without a TCP port serves the session: metadata, buttons, volume, push updates", async () => {
    const { server, setup } = await tunnelled();
    expect(server.port).toBe(0);
    expect(server.connectionCount).toBe(1);
    const caps = setup.capabilities;
    server.useCases.musicPlaying({ title: "Through the tunnel", artist: "Loopback", totalTime: 200 });
    const playing = await vi.waitFor(async () => {
      const p = await caps.metadata.playing();
      expect(p.title).toBe("Through the tunnel");
      return p;
    });
    expect(playing.artist).toBe("Loopback");

    await caps.remoteControl.select(InputAction.SingleTap);
    expect(server.state.lastButton?.key).toBe("select");
    await caps.remoteControl.pause();
    expect(server.state.lastCommand?.command).toBeDefined();

    await caps.audio.setVolume(30);
    expect(Math.round(server.state.volume * 100)).toBe(30);

    const titles: string[] = [];
    caps.pushUpdater.on("playing", (p) => void titles.push(p.title ?? ""));
    caps.pushUpdater.start(0);
    server.useCases.changeMetadata({ title: "Pushed" });
    await vi.waitFor(() => expect(titles).toContain("Pushed"));
    caps.pushUpdater.stop();
  });

  it("no MRP pair-verify even with HAP credentials, and the credentials' client id names the client", async () => {
    const { server } = await tunnelled({ credentials: CREDENTIALS });
    expect(server.state.receivedTypes).toContain(MessageType.DEVICE_INFO_MESSAGE);
    expect(server.state.receivedTypes).not.toContain(MessageType.CRYPTO_PAIRING_MESSAGE);
    expect(setup?.client?.session.transport.encrypted).toBe(false);
  });

  it("sends no heartbeat when heartbeatIntervalMs is 0", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const { server } = await tunnelled();
    vi.advanceTimersByTime(120_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.state.receivedTypes).not.toContain(MessageType.GENERIC_MESSAGE);
  });

  it("without heartbeatIntervalMs a factory's session beats every 30 s (the TCP default)", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    server = await startMrpServer({ listen: false });
    const device = server;
    setup = new MrpSetup({
      pairVerify: false,
      transport: () => {
        const pair = memoryChannelPair();
        device.serve(new ChannelTransport(pair.device));
        return Promise.resolve(new ChannelTransport(pair.client));
      },
    });
    await setup.connect();
    vi.advanceTimersByTime(30_000);
    await vi.waitFor(() => expect(device.state.receivedTypes).toContain(MessageType.GENERIC_MESSAGE));
  });

  it("a device that drops the channel mid-request: pending calls reject, one connectionLost", async () => {
    const { server, setup, events, errors } = await tunnelled();
    server.useCases.musicPlaying({ title: "x" });
    server.setInterceptor((m) => (m.type === MessageType.SEND_COMMAND_MESSAGE ? "drop" : undefined));
    const unhandled = await withoutUnhandledRejections(async () => {
      await expect(setup.capabilities.remoteControl.play()).rejects.toBeInstanceOf(ConnectionLostError);
      await vi.waitFor(() => expect(events).toEqual(["lost"]));
    });
    expect(unhandled).toEqual([]);
    expect(errors[0]).toBeInstanceOf(ConnectionLostError);
    await expect(setup.capabilities.remoteControl.play()).rejects.toBeInstanceOf(ConnectionLostError);
    expect(events).toEqual(["lost"]);
  });

  it("a clean close by the device while idle is connectionClosed, not a loss", async () => {
    const { opened, events } = await tunnelled();
    await opened[1]?.close();
    await vi.waitFor(() => expect(events).toEqual(["closed"]));
  });

  it("our close() reports nothing and closes the device's end", async () => {
    const { server, setup, opened, events } = await tunnelled();
    await setup.close();
    await setup.close();
    await vi.waitFor(() => expect(server.connectionCount).toBe(0));
    expect(opened.every((c) => c.closed)).toBe(true);
    expect(events).toEqual([]);
  });

  it("a factory that fails makes connect() fail with its error", async () => {
    setup = new MrpSetup({
      transport: () => Promise.reject(new ProtocolError("tunnel refused")),
    });
    await expect(setup.connect()).rejects.toThrow("tunnel refused");
    expect(setup.client).toBeUndefined();
  });

  it("needs host and port or a transport", () => {
    expect(() => new MrpSetup({})).toThrow(TypeError);
  });
});

describe("ChannelTransport", () => {
  function rawPair(options: { maxFrameBytes?: number } = {}) {
    const pair = memoryChannelPair();
    const transport = new ChannelTransport(pair.client, options);
    const closed = new Promise<ConnectionLostError | undefined>((resolve) => transport.on("closed", resolve));
    return { pair, transport, closed };
  }

  it("a malformed message is skipped; 8 in a row drop the channel: loss caused by MalformedMessageError", async () => {
    const { pair, transport, closed } = rawPair();
    const seen: string[] = [];
    transport.on("message", (m) => seen.push(m.identifier ?? ""));
    const good = genericMessage();
    good.identifier = "after-a-bad-one";
    pair.device.send(new Uint8Array([0x08, 0xff, 0xff, 0xff]));
    pair.device.send(encodeProtocolMessage(good));
    await vi.waitFor(() => expect(seen).toEqual(["after-a-bad-one"]));
    expect(transport.closed).toBe(false);
    for (let i = 0; i < MAX_CONSECUTIVE_BAD_MESSAGES; i++)
      pair.device.send(new Uint8Array([0x08, 0xff, 0xff, 0xff]));
    const error = await closed;
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect(error?.cause).toBeInstanceOf(MalformedMessageError);
    await vi.waitFor(() => expect(pair.device.closed).toBe(true));
  });

  it("an oversized message is refused (FrameTooLargeError) without decoding it", async () => {
    const { pair, closed } = rawPair({ maxFrameBytes: 16 });
    pair.device.send(new Uint8Array(17));
    const error = await closed;
    expect(error?.cause).toBeInstanceOf(FrameTooLargeError);
  });

  it("a peer close while a request is pending is a loss", async () => {
    const { pair, transport } = rawPair();
    const client = MrpClient.start(transport, { requestTimeoutMs: 60_000 });
    const loss = expect(client).rejects.toBeInstanceOf(ConnectionLostError);
    await new Promise((resolve) => setImmediate(resolve));
    await pair.device.close();
    await loss;
  });

  it("delivers messages in order and refuses to send once closed", async () => {
    const { pair, transport } = rawPair();
    const device = new ChannelTransport(pair.device);
    const seen: string[] = [];
    device.on("message", (m) => seen.push(m.identifier ?? ""));
    for (let i = 0; i < 50; i++) {
      const message = genericMessage();
      message.identifier = `id-${i}`;
      transport.send(message);
    }
    await vi.waitFor(() => expect(seen).toHaveLength(50));
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => `id-${i}`));
    await transport.close();
    await transport.close();
    expect(() => transport.send(genericMessage())).toThrow(ConnectionLostError);
    await vi.waitFor(() => expect(device.closed).toBe(true));
  });

  it("a channel that is already closed gives a transport that is closed (lost)", async () => {
    const pair = memoryChannelPair();
    await pair.client.close();
    const transport = new ChannelTransport(pair.client);
    expect(transport.closed).toBe(true);
    expect(() => transport.send(genericMessage())).toThrow(ConnectionLostError);
    expect(encodeProtocolMessage(genericMessage()).length).toBeGreaterThan(0);
  });
});
