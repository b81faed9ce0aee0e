/** The fake device must survive whatever a client sends: odd but well-formed messages, then garbage. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { unhex } from "@atv/test-utils";
import { connect } from "node:net";
import { MrpConnection } from "../../src/connection.js";
import { MrpSession } from "../../src/session.js";
import {
  clientDeviceInfo,
  decodeProtocolMessage,
  deviceInfoMessage,
  encodeFrame,
  encodeProtocolMessage,
  FrameDecoder,
  genericMessage,
  type MessageType,
} from "../../src/codec/index.js";
import { startMrpServer } from "../../src/server/index.js";
import { mrpVector } from "../vectors.js";

const payloads = [
  ...mrpVector("mrp-plaintext-session.json").exchanges,
  ...mrpVector("mrp-pair-setup.json").exchanges.filter((e) => !e.encrypted),
].map((e) => new FrameDecoder().push(unhex(e.hex))[0] as Uint8Array);

describe("fake device robustness", () => {
  it("answers normally after 2000 mutated but well-formed client messages of any type", async () => {
    const device = await startMrpServer();
    device.useCases.musicPlaying({ title: "x" });
    const connection = await MrpConnection.connect(device.host, device.port);
    const session = new MrpSession(connection, { requestTimeoutMs: 2000 });
    try {
      await session.request(deviceInfoMessage(clientDeviceInfo("fuzz", "fuzz")));
      const samples = fc.sample(
        fc.tuple(
          fc.integer({ min: 0, max: payloads.length - 1 }),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
          fc.integer({ min: 0, max: 125 }),
        ),
        { numRuns: 2000, seed: 42 },
      );
      let sent = 0;
      for (const [index, flips, type] of samples) {
        const bytes = Uint8Array.from(payloads[index] as Uint8Array);
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        let message;
        try {
          message = decodeProtocolMessage(bytes);
        } catch {
          continue;
        }
        message.type = type as MessageType;
        message.identifier = ""; // no answer expected: keep the device from replying to our session
        session.send(message);
        sent++;
      }
      expect(sent).toBeGreaterThan(500);
      const answer = await session.request(genericMessage());
      expect(answer.identifier).toBeTruthy();
      expect(device.connectionCount).toBe(1);
    } finally {
      await session.close();
      await device.close();
    }
  });

  it("skips a client's malformed frame and keeps serving that client (pyatv logs and goes on)", async () => {
    const device = await startMrpServer();
    const other = new MrpSession(await MrpConnection.connect(device.host, device.port));
    try {
      // A length prefix announcing 3 bytes, then a truncated varint field: not a ProtocolMessage.
      const socket = connect(device.port, device.host);
      await new Promise((resolve) => socket.once("connect", resolve));
      const answered = new Promise<Buffer>((resolve) => socket.once("data", resolve));
      socket.write(Uint8Array.of(3, 0x08, 0x80, 0x80));
      const request = deviceInfoMessage(clientDeviceInfo("raw", "raw"));
      request.identifier = "raw-1";
      socket.write(encodeFrame(encodeProtocolMessage(request)));
      const frames = new FrameDecoder().push(await answered);
      expect(decodeProtocolMessage(frames[0] as Uint8Array).identifier).toBe("raw-1");
      expect(socket.destroyed).toBe(false);
      socket.destroy();
      const reply = await other.request(deviceInfoMessage(clientDeviceInfo("ok", "ok")));
      expect(reply.deviceInfoMessage?.name).toBe(device.state.identity.name);
      expect(other.closed).toBe(false);
    } finally {
      await other.close();
      await device.close();
    }
  });
});
