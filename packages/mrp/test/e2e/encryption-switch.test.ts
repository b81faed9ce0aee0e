/**
 * Pair-verify M4 arrives in plaintext; a device may send its first encrypted
 * frame in the same TCP segment. The client must hold that frame until its
 * cipher is on.
 */
import { createServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { MessageCipher } from "@atv/hap-crypto";
import { MrpConnection } from "../../src/connection.js";
import {
  encodeFrame,
  encodeProtocolMessage,
  genericMessage,
  MessageType,
  protocolMessage,
} from "../../src/codec/index.js";
import type { ProtocolMessage } from "../../src/gen/atv/mrp/protocol_message_pb.js";

const key = (n: number): Uint8Array => new Uint8Array(32).fill(n);
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** A raw device that writes plaintext M4 and an encrypted message in one write once the client speaks. */
async function rawDevice(): Promise<{ port: number }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.once("data", () => {
      const deviceCipher = new MessageCipher({ writeKey: key(2), readKey: key(1) });
      const m4 = encodeFrame(
        encodeProtocolMessage(
          protocolMessage(MessageType.CRYPTO_PAIRING_MESSAGE, {
            cryptoPairingMessage: { pairingData: Uint8Array.of(6, 1, 4) },
          }),
        ),
      );
      const first = encodeFrame(
        deviceCipher.encrypt(encodeProtocolMessage(protocolMessage(MessageType.SET_STATE_MESSAGE))),
      );
      socket.write(Buffer.concat([m4, first]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup = async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  const address = server.address();
  return { port: typeof address === "object" && address ? address.port : 0 };
}

describe("switching encryption on after pair-verify M4", () => {
  it("holds the frames that follow M4 in the same read until the cipher is on", async () => {
    const { port } = await rawDevice();
    const client = await MrpConnection.connect("127.0.0.1", port);
    const received: ProtocolMessage[] = [];
    client.holdAfterNextMessage();
    client.on("message", (m) => {
      received.push(m);
      if (m.type === MessageType.CRYPTO_PAIRING_MESSAGE) {
        // As the handshake does, a little later: after checking M4.
        setTimeout(
          () => client.enableEncryption(new MessageCipher({ writeKey: key(1), readKey: key(2) })),
          10,
        );
      }
    });
    client.send(genericMessage());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received.map((m) => m.type)).toEqual([
      MessageType.CRYPTO_PAIRING_MESSAGE,
      MessageType.SET_STATE_MESSAGE,
    ]);
    expect(client.closed).toBe(false);
    await client.close();
  });

  it("without the hold, the encrypted frame is misread as plaintext", async () => {
    const { port } = await rawDevice();
    const client = await MrpConnection.connect("127.0.0.1", port);
    const received: ProtocolMessage[] = [];
    client.on("message", (m) => {
      received.push(m);
      if (m.type === MessageType.CRYPTO_PAIRING_MESSAGE) {
        setTimeout(
          () => client.enableEncryption(new MessageCipher({ writeKey: key(1), readKey: key(2) })),
          10,
        );
      }
    });
    client.send(genericMessage());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received.some((m) => m.type === MessageType.SET_STATE_MESSAGE)).toBe(false);
    await client.close();
  });
});
