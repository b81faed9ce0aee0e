/**
 * The data channel against a raw peer on a loopback socket: framing both ways, replies to `sync`,
 * large HAP blocks, and hostile bytes (bad tag, bad framing) closing it with a typed error.
 */
import { createServer, type Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isAtvError } from "@atv/core";
import { HapBlockCipher, type SessionKeys } from "@atv/hap-crypto";
import { DataChannel, MAX_CONSECUTIVE_BAD_PAYLOADS } from "../../src/tunnel/data-channel.js";
import {
  DataStreamDecoder,
  decodeMrpPayload,
  encodeDataStreamMessage,
  encodeMrpPayload,
  type DataStreamMessage,
} from "../../src/tunnel/data-stream.js";
import { dataStreamKeys } from "../../src/tunnel/keys.js";

const SECRET = new Uint8Array(32).fill(5);
const SEED = 4242n;
const swap = (k: SessionKeys): SessionKeys => ({ writeKey: k.readKey, readKey: k.writeKey });

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** Our DataChannel (client) connected to a raw device peer that speaks through its own cipher. */
async function rawPeer(blockLength = 1024) {
  const server = createServer();
  let peer!: Socket;
  const accepted = new Promise<void>((resolve) => {
    server.once("connection", (s: Socket) => {
      peer = s;
      resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const channel = await DataChannel.connect("127.0.0.1", port, {
    keys: dataStreamKeys(SECRET, SEED, "client"),
    role: "client",
  });
  await accepted;
  server.close();
  const cipher = new HapBlockCipher(dataStreamKeys(SECRET, SEED, "device"), { blockLength });
  const decoder = new DataStreamDecoder();
  const received: DataStreamMessage[] = [];
  peer.on("data", (chunk: Buffer) => received.push(...decoder.push(cipher.decrypt(chunk))));
  cleanup = async () => {
    peer.destroy();
    await channel.close();
  };
  return { channel, peer, cipher, received };
}

describe("DataChannel", () => {
  it("sends each MRP message as one comm sync and answers the peer's sync with a header-only rply", async () => {
    const { channel, peer, cipher, received } = await rawPeer();
    const frames: Uint8Array[] = [];
    channel.on("frame", (f) => frames.push(f));
    channel.send(Uint8Array.of(0x08, 0x01));
    await vi.waitFor(() => expect(received).toHaveLength(1));
    const sent = received[0] as DataStreamMessage;
    expect(sent).toMatchObject({ kind: "sync", command: "comm" });
    expect(sent.seqno >= 0x1_0000_0000n && sent.seqno <= 0x1_ffff_ffffn).toBe(true);
    expect(decodeMrpPayload(sent.payload)).toEqual([Uint8Array.of(0x08, 0x01)]);

    const message = encodeDataStreamMessage({
      kind: "sync",
      command: "cmnd",
      seqno: 77n,
      payload: encodeMrpPayload([Uint8Array.of(0x08, 0x02), Uint8Array.of(0x08, 0x03)]),
    });
    peer.write(cipher.encrypt(message));
    await vi.waitFor(() => expect(frames).toEqual([Uint8Array.of(0x08, 0x02), Uint8Array.of(0x08, 0x03)]));
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received[1]).toEqual({ kind: "rply", command: "", seqno: 77n, payload: new Uint8Array() });
    // Our channel's sequence number stays the same for every comm message.
    channel.send(Uint8Array.of(0x08, 0x04));
    await vi.waitFor(() => expect(received).toHaveLength(3));
    expect(received[2]?.seqno).toBe(sent.seqno);
  });

  it("accepts HAP blocks larger than 1024 bytes (parse by the length prefix) and byte-by-byte delivery", async () => {
    const { channel, peer, cipher } = await rawPeer(8192);
    const frames: Uint8Array[] = [];
    channel.on("frame", (f) => frames.push(f));
    const big = new Uint8Array(20_000).fill(0x33);
    big[0] = 0x08;
    const bytes = cipher.encrypt(
      encodeDataStreamMessage({ kind: "sync", command: "cmnd", seqno: 1n, payload: encodeMrpPayload([big]) }),
    );
    for (let i = 0; i < 200; i++) peer.write(bytes.subarray(i, i + 1));
    peer.write(bytes.subarray(200));
    await vi.waitFor(() => expect(frames).toHaveLength(1));
    expect(frames[0]).toEqual(big);
  });

  it("a tampered block closes the channel with a typed error", async () => {
    const { channel, peer, cipher } = await rawPeer();
    const closed = new Promise<Error | undefined>((resolve) => channel.on("closed", resolve));
    const bytes = cipher.encrypt(
      encodeDataStreamMessage({ kind: "sync", command: "cmnd", seqno: 1n, payload: new Uint8Array() }),
    );
    bytes[5] = (bytes[5] ?? 0) ^ 0xff;
    peer.write(bytes);
    const error = await closed;
    expect(isAtvError(error)).toBe(true);
    expect(channel.closed).toBe(true);
    expect(() => channel.send(Uint8Array.of(8))).toThrow();
  });

  it("bad framing inside valid encryption closes the channel with MalformedDataStreamError", async () => {
    const { channel, peer, cipher } = await rawPeer();
    const closed = new Promise<Error | undefined>((resolve) => channel.on("closed", resolve));
    peer.write(cipher.encrypt(Uint8Array.of(0, 0, 0, 5, 1, 2, 3, 4, 5)));
    const error = await closed;
    expect(error?.name).toBe("MalformedDataStreamError");
  });

  it("an unreadable payload is answered and skipped; 8 in a row drop the channel", async () => {
    const { channel, peer, cipher, received } = await rawPeer();
    const frames: Uint8Array[] = [];
    channel.on("frame", (f) => frames.push(f));
    const closed = new Promise<Error | undefined>((resolve) => channel.on("closed", resolve));
    const sync = (payload: Uint8Array, seqno: bigint) =>
      peer.write(cipher.encrypt(encodeDataStreamMessage({ kind: "sync", command: "cmnd", seqno, payload })));
    sync(
      Uint8Array.from("not a plist", (c) => c.charCodeAt(0)),
      1n,
    );
    sync(encodeMrpPayload([Uint8Array.of(0x08, 0x09)]), 2n);
    await vi.waitFor(() => expect(frames).toEqual([Uint8Array.of(0x08, 0x09)]));
    await vi.waitFor(() => expect(received.map((m) => m.seqno)).toEqual([1n, 2n]));
    expect(channel.closed).toBe(false);
    for (let i = 0; i < MAX_CONSECUTIVE_BAD_PAYLOADS; i++) sync(Uint8Array.of(1, 2, 3), BigInt(10 + i));
    expect((await closed)?.name).toBe("MalformedDataStreamError");
  });

  it("a peer FIN is a clean close (undefined); abort(error) closes with that error", async () => {
    const first = await rawPeer();
    const clean = new Promise<Error | undefined>((resolve) => first.channel.on("closed", resolve));
    first.peer.end();
    expect(await clean).toBeUndefined();
    await cleanup?.();
    const second = await rawPeer();
    const aborted = new Promise<Error | undefined>((resolve) => second.channel.on("closed", resolve));
    const reason = new Error("event channel lost");
    second.channel.abort(reason);
    expect(await aborted).toBe(reason);
  });

  it("uses the other side's keys: device and client ciphers agree only when swapped", () => {
    const client = dataStreamKeys(SECRET, SEED, "client");
    const device = dataStreamKeys(SECRET, SEED, "device");
    expect(swap(client)).toEqual(device);
  });
});
