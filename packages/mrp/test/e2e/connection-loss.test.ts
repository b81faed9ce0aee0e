/**
 * Connection loss: the fake device drops the socket (TCP reset or FIN) while
 * requests are outstanding, or sends bytes the client must refuse. Pending
 * calls reject with ConnectionLostError, listeners hear exactly one event, and
 * nothing is left as an unhandled rejection.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MessageCipher } from "@atv/hap-crypto";
import { ConnectionFailedError, ConnectionLostError, InputAction } from "@atv/core";
import { MrpClient } from "../../src/client.js";
import { MrpSetup } from "../../src/setup.js";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { until } from "@atv/test-utils";
import {
  encodeFrame,
  encodeProtocolMessage,
  FrameTooLargeError,
  genericMessage,
  MessageType,
} from "../../src/codec/index.js";
import { MAX_CONSECUTIVE_BAD_FRAMES, MrpConnection } from "../../src/connection.js";
import { startMrpServer, type MrpServer } from "../../src/server/index.js";
import { connectionPair, withoutUnhandledRejections } from "../helpers/connection-pair.js";

let server: MrpServer | undefined;
let setup: MrpSetup | undefined;
afterEach(async () => {
  await setup?.close();
  await server?.close();
  setup = server = undefined;
});

async function connected(): Promise<{
  server: MrpServer;
  setup: MrpSetup;
  events: string[];
  errors: Error[];
}> {
  server = await startMrpServer();
  server.useCases.musicPlaying({ title: "x" });
  setup = new MrpSetup({ host: server.host, port: server.port });
  const events: string[] = [];
  const errors: Error[] = [];
  setup.events.on("connectionLost", (error) => {
    events.push("lost");
    errors.push(error);
  });
  setup.events.on("connectionClosed", () => events.push("closed"));
  await setup.connect();
  return { server, setup, events, errors };
}

describe("connection loss", () => {
  it("a reset mid-request rejects every pending call and reports one loss", async () => {
    const { server, setup, events, errors } = await connected();
    const caps = setup.capabilities;
    server.setInterceptor((m) => (m.type === MessageType.SEND_COMMAND_MESSAGE ? "drop" : "ignore"));
    const unhandled = await withoutUnhandledRejections(async () => {
      const pending = [
        caps.remoteControl.up(), // HID + flush: the flush is ignored, then lost
        caps.metadata.artwork().catch((e: unknown) => e), // nothing to fetch: resolves undefined
        caps.audio.setVolume(20), // waits for VOLUME_DID_CHANGE
        caps.remoteControl.play(), // the device drops on this one
      ];
      const results = await Promise.allSettled(pending);
      for (const index of [0, 2, 3]) {
        const result = results[index];
        expect(result?.status).toBe("rejected");
        expect(result?.status === "rejected" ? result.reason : undefined).toBeInstanceOf(ConnectionLostError);
      }
    });
    expect(unhandled).toEqual([]);
    expect(events).toEqual(["lost"]);
    expect(errors[0]).toBeInstanceOf(ConnectionLostError);
    await expect(caps.remoteControl.pause()).rejects.toBeInstanceOf(ConnectionLostError);
  });

  it("a FIN while requests are outstanding is a loss too", async () => {
    const { server, setup, events } = await connected();
    server.setInterceptor((m) => (m.type === MessageType.SEND_COMMAND_MESSAGE ? "close" : undefined));
    await expect(setup.capabilities.remoteControl.next()).rejects.toBeInstanceOf(ConnectionLostError);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(["lost"]);
  });

  it("a FIN while idle is a clean close", async () => {
    const { server, events } = await connected();
    server.setInterceptor(() => "close");
    setup!.client!.session.send(genericMessage()); // no answer expected by send(): the device closes on it
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual(["closed"]);
  });

  it("a hold interrupted by the device vanishing rejects, without an unhandled rejection", async () => {
    const { server, setup } = await connected();
    const started = Date.now();
    const unhandled = await withoutUnhandledRejections(async () => {
      const holding = setup.capabilities.remoteControl.select(InputAction.Hold);
      setTimeout(() => server.dropConnections(), 50);
      await expect(holding).rejects.toBeInstanceOf(ConnectionLostError);
    });
    expect(Date.now() - started).toBeLessThan(800); // the hold ends with the connection, not after 1 s
    expect(unhandled).toEqual([]);
  });

  it("awaiting a power state is ended by the loss", async () => {
    const { server, setup } = await connected();
    server.setInterceptor((m) => (m.type === MessageType.WAKE_DEVICE_MESSAGE ? "drop" : undefined));
    server.useCases.powerOff();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(setup.capabilities.power.turnOn({ awaitNewState: true })).rejects.toBeInstanceOf(
      ConnectionLostError,
    );
  });

  it("our own close() reports nothing and rejects pending calls", async () => {
    const { server, setup, events } = await connected();
    server.setInterceptor(() => "ignore");
    const pending = setup.capabilities.remoteControl.play();
    await setup.close();
    await expect(pending).rejects.toBeInstanceOf(ConnectionLostError);
    expect(events).toEqual([]);
  });
});

describe("refusing bad input", () => {
  it("a frame above the limit ends the connect with ConnectionLostError (cause FrameTooLargeError)", async () => {
    server = await startMrpServer();
    const error = await MrpClient.connect(server.host, server.port, { maxFrameBytes: 64 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect((error as Error).cause).toBeInstanceOf(FrameTooLargeError);
  });

  it("a frame that fails to decrypt is skipped (pyatv logs and goes on); the next good one arrives", async () => {
    const pair = await connectionPair();
    const key = (n: number): Uint8Array => new Uint8Array(32).fill(n);
    pair.client.enableEncryption(new MessageCipher({ writeKey: key(1), readKey: key(2) }));
    const good = new MessageCipher({ writeKey: key(2), readKey: key(1) });
    const wrong = new MessageCipher({ writeKey: key(3), readKey: key(1) });
    let corrupt = true; // the first frame is sealed with the wrong key, without advancing the good counter
    pair.device.enableEncryption({
      encrypt: (plain) => (corrupt ? ((corrupt = false), wrong.encrypt(plain)) : good.encrypt(plain)),
      decrypt: (sealed) => good.decrypt(sealed),
    });
    const received: number[] = [];
    pair.client.on("message", (m) => received.push(m.type));
    const closed: unknown[] = [];
    pair.client.on("closed", (e) => closed.push(e));
    pair.device.send(genericMessage());
    pair.device.send(genericMessage());
    await until(() => received.length === 1);
    expect(received).toEqual([MessageType.GENERIC_MESSAGE]);
    expect(pair.client.closed).toBe(false);
    expect(closed).toEqual([]);
    await pair.close();
  });

  it(`${MAX_CONSECUTIVE_BAD_FRAMES} undecryptable frames in a row (a desynchronised stream) drop the connection`, async () => {
    const pair = await connectionPair();
    const key = (n: number): Uint8Array => new Uint8Array(32).fill(n);
    pair.client.enableEncryption(new MessageCipher({ writeKey: key(1), readKey: key(2) }));
    pair.device.enableEncryption(new MessageCipher({ writeKey: key(3), readKey: key(1) })); // writes with the wrong key
    const closed = new Promise<Error | undefined>((resolve) => pair.client.on("closed", resolve));
    for (let i = 0; i < MAX_CONSECUTIVE_BAD_FRAMES; i++) pair.device.send(genericMessage());
    const error = await closed;
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect(error?.message).toMatch(/desynchronised.*decrypt/);
    await pair.close();
  });

  it("a malformed (plaintext) frame is skipped; the session goes on", async () => {
    const server = createServer((socket) => {
      // A frame of 3 bytes that is no ProtocolMessage (truncated varint), then a good frame.
      socket.write(Uint8Array.of(3, 0x08, 0x80, 0x80));
      socket.write(encodeFrame(encodeProtocolMessage(genericMessage())));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const client = await MrpConnection.connect("127.0.0.1", port);
    const received: number[] = [];
    client.on("message", (m) => received.push(m.type));
    await until(() => received.length === 1);
    expect(received).toEqual([MessageType.GENERIC_MESSAGE]);
    expect(client.closed).toBe(false);
    await client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it("a refused TCP connect is ConnectionFailedError; an aborted one rejects with the abort reason", async () => {
    server = await startMrpServer();
    const port = server.port;
    await server.close();
    server = undefined;
    await expect(MrpClient.connect("127.0.0.1", port)).rejects.toBeInstanceOf(ConnectionFailedError);
    await expect(
      MrpClient.connect("127.0.0.1", port, { signal: AbortSignal.abort() }),
    ).rejects.toHaveProperty("name", "AbortError");
  });
});
