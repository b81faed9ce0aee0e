/**
 * Interoperability with pyatv's fake device: a replay server answers our
 * client with the device frames captured from pyatv 0.18.0's own session
 * (test/vectors/mrp-plaintext-session.json), rewriting only the request
 * identifiers. Our client must connect, read what is playing exactly as
 * pyatv printed it, press buttons, send commands, set the volume and fetch
 * the artwork.
 */
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { unhex, hex } from "@atv/test-utils";
import { MrpConnection } from "../../src/connection.js";
import { decodeProtocolMessage, FrameDecoder, messageTypeName } from "../../src/codec/index.js";
import type { ProtocolMessage } from "../../src/gen/atv/mrp/protocol_message_pb.js";
import { MrpSetup } from "../../src/setup.js";
import { mrpVector } from "../vectors.js";

const vector = mrpVector("mrp-plaintext-session.json");
const captured = vector.exchanges.map((e) => ({
  dir: e.dir,
  message: decodeProtocolMessage(new FrameDecoder().push(unhex(e.hex))[0]!),
}));
const results = vector["client_results"] as {
  playing: string[];
  playing_after_push: string[];
  artwork: { mimetype: string; width: number; height: number; bytes_hex: string };
};

/** Answers each client message with the device frames that followed the same request in the capture. */
function replay(connection: MrpConnection, received: string[]): void {
  let cursor = 0;
  connection.on("message", (ours: ProtocolMessage) => {
    received.push(messageTypeName(ours.type));
    let index = cursor;
    while (
      index < captured.length &&
      !(captured[index]!.dir === "client->device" && captured[index]!.message.type === ours.type)
    )
      index++;
    if (index >= captured.length) return;
    const theirId = captured[index]!.message.identifier;
    cursor = index + 1;
    while (cursor < captured.length && captured[cursor]!.dir === "device->client") {
      const reply = captured[cursor++]!.message;
      if (theirId && reply.identifier === theirId) reply.identifier = ours.identifier;
      connection.send(reply);
    }
  });
}

let server: Server | undefined;
let setup: MrpSetup | undefined;
afterEach(async () => {
  await setup?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = setup = undefined;
});

describe("our client against pyatv's captured fake device", () => {
  it("connects, reads, controls and fetches artwork like pyatv did", async () => {
    const received: string[] = [];
    server = createServer((socket) => replay(new MrpConnection(socket, { label: "replay" }), received));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;

    setup = new MrpSetup({ host: "127.0.0.1", port, heartbeatIntervalMs: 0 });
    await setup.connect();
    const caps = setup.capabilities;
    expect(received).toEqual([
      "DEVICE_INFO_MESSAGE",
      "SET_CONNECTION_STATE_MESSAGE",
      "CLIENT_UPDATES_CONFIG_MESSAGE",
      "GET_KEYBOARD_SESSION_MESSAGE",
    ]);
    expect(setup.client?.deviceInfo.name).toBe("Fake MRP ATV");

    const playing = await caps.metadata.playing();
    expect(playing.toString().split("\n")).toEqual(results.playing);

    await caps.remoteControl.up();
    await caps.remoteControl.play();
    await caps.audio.setVolume(30);
    expect(caps.audio.volume).toBe(30);
    const artwork = await caps.metadata.artwork({ width: 512 });
    expect(artwork?.mimetype).toBe(results.artwork.mimetype);
    expect([artwork?.width, artwork?.height]).toEqual([results.artwork.width, results.artwork.height]);
    expect(hex(artwork!.bytes)).toBe(results.artwork.bytes_hex);

    // The capture ends with two pushes: SET_STATE (now playing) and UPDATE_CONTENT_ITEM (new title).
    const after = await caps.metadata.playing();
    const withoutPosition = (lines: string[]): string[] =>
      lines.filter((l) => !l.trim().startsWith("Position"));
    expect(withoutPosition(after.toString().split("\n"))).toEqual(
      withoutPosition(results.playing_after_push),
    );
    expect(received.slice(4)).toEqual([
      "SEND_HID_EVENT_MESSAGE",
      "SEND_HID_EVENT_MESSAGE",
      "GENERIC_MESSAGE",
      "SEND_COMMAND_MESSAGE",
      "SET_VOLUME_MESSAGE",
      "PLAYBACK_QUEUE_REQUEST_MESSAGE",
    ]);
  });
});

describe("pyatv's captured client against our fake device", () => {
  it("gets an answer of the right type and identifier to every request, and is understood", async () => {
    const { startMrpServer } = await import("../../src/server/index.js");
    const { InputAction } = await import("@atv/core");
    // pyatv addresses SET_VOLUME to the output device UID of the device it talked to.
    const device = await startMrpServer({ identity: { deviceUID: "E510C430-B01D-45DF-B558-6EA6F8251069" } });
    device.useCases.musicPlaying({ title: "music" });
    const connection = await MrpConnection.connect(device.host, device.port);
    const answers = new Map<string, ProtocolMessage>();
    connection.on("message", (m) => {
      if (m.identifier) answers.set(m.identifier, m);
    });
    try {
      const clientFrames = vector.exchanges.filter((e) => e.dir === "client->device");
      let lastT = 0;
      for (const e of clientFrames) {
        const message = decodeProtocolMessage(new FrameDecoder().push(unhex(e.hex))[0]!);
        // Keep the capture's pace where it matters (the 1 s select hold).
        const t = e.t;
        if (t - lastT > 0.5) await new Promise((resolve) => setTimeout(resolve, (t - lastT) * 1000));
        lastT = t;
        connection.send(message);
        if (message.identifier) {
          const id = message.identifier;
          const deadline = Date.now() + 2000;
          while (!answers.has(id) && Date.now() < deadline)
            await new Promise((resolve) => setTimeout(resolve, 5));
          expect(answers.has(id), `answer to ${messageTypeName(message.type)}`).toBe(true);
        }
      }
      const expectedReply: Record<string, string> = {
        DEVICE_INFO_MESSAGE: "DEVICE_INFO_MESSAGE",
        CLIENT_UPDATES_CONFIG_MESSAGE: "UNKNOWN_MESSAGE",
        GET_KEYBOARD_SESSION_MESSAGE: "KEYBOARD_MESSAGE",
        GENERIC_MESSAGE: "UNKNOWN_MESSAGE",
        SEND_COMMAND_MESSAGE: "SEND_COMMAND_RESULT_MESSAGE",
        PLAYBACK_QUEUE_REQUEST_MESSAGE: "SET_STATE_MESSAGE",
      };
      for (const e of clientFrames) {
        const message = decodeProtocolMessage(new FrameDecoder().push(unhex(e.hex))[0]!);
        if (!message.identifier) continue;
        expect(messageTypeName(answers.get(message.identifier)!.type)).toBe(
          expectedReply[messageTypeName(message.type)],
        );
      }
      expect(device.state.buttons).toEqual([
        { key: "up", action: InputAction.SingleTap },
        { key: "select", action: InputAction.Hold },
      ]);
      expect(device.state.lastCommand?.command).toBe(1);
      expect(device.state.volume).toBeCloseTo(0.3, 5);
    } finally {
      await connection.close();
      await device.close();
    }
  });
});
