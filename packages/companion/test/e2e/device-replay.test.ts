/**
 * The device side against pyatv's client bytes: the capture's client frames are sent to our fake
 * device (given the secrets of pyatv's fake device) over a real socket. Its pair-setup proof, its
 * pair-verify M2 and its first encrypted responses equal the captured ones byte for byte; the rest
 * decrypt with the captured session key and answer the right requests.
 */
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { hex, unhex } from "@atv/test-utils";
import { chacha20Poly1305Open, companionNonce, decodeTlv8Map, TlvType } from "@atv/hap-crypto";
import { FrameDecoder, type Frame } from "../../src/codec/frame.js";
import { decodeOpack, opackGet } from "../../src/codec/opack.js";
import { parseMessage } from "../../src/codec/message.js";
import { startCompanionServer, type CompanionServer } from "../../src/server/index.js";
import { companionVector, type CompanionExchange } from "../vectors.js";

const vector = companionVector();
const secrets = vector.device_side_secrets;
const aa = unhex("aa".repeat(32));
let server: CompanionServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

class Peer {
  readonly frames: Frame[] = [];
  readonly #decoder = new FrameDecoder();
  #wake: (() => void) | undefined;
  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk) => {
      this.frames.push(...this.#decoder.push(chunk));
      this.#wake?.();
    });
  }
  static async open(port: number): Promise<Peer> {
    const socket = connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    return new Peer(socket);
  }
  async next(): Promise<Frame> {
    while (this.frames.length === 0) await new Promise<void>((resolve) => (this.#wake = resolve));
    return this.frames.shift()!;
  }
}

const exchanges = (conn: number): CompanionExchange[] => vector.exchanges.filter((e) => e.conn === conn);
const pd = (frame: Frame): Map<number, Uint8Array> =>
  decodeTlv8Map(opackGet(decodeOpack(frame.payload), "_pd") as Uint8Array);
const capturedPd = (e: CompanionExchange): Map<number, Uint8Array> =>
  decodeTlv8Map(opackGet(decodeOpack(unhex(e.hex).subarray(4)), "_pd") as Uint8Array);

async function device(): Promise<CompanionServer> {
  return startCompanionServer({
    pin: secrets["pin"]!,
    ltsk: aa,
    identity: { pairingId: secrets["identifier"]! },
    fixedSecrets: { salt: unhex(vector.keys[2]!["salt"]!), srpPrivateKey: aa, ephemeralSecretKey: aa },
  });
}

describe("our device side answering pyatv's client", () => {
  it("pair-setup: same salt, B and proof as pyatv's fake; the client is paired", async () => {
    server = await device();
    const peer = await Peer.open(server.port);
    const [m1, m2, m3, m4, m5] = exchanges(1);
    peer.socket.write(unhex(m1!.hex));
    const ourM2 = pd(await peer.next());
    expect(hex(ourM2.get(TlvType.Salt)!)).toBe(hex(capturedPd(m2!).get(TlvType.Salt)!));
    expect(hex(ourM2.get(TlvType.PublicKey)!)).toBe(hex(capturedPd(m2!).get(TlvType.PublicKey)!));
    peer.socket.write(unhex(m3!.hex));
    const ourM4 = pd(await peer.next());
    expect(hex(ourM4.get(TlvType.Proof)!)).toBe(hex(capturedPd(m4!).get(TlvType.Proof)!));
    peer.socket.write(unhex(m5!.hex));
    const ourM6 = pd(await peer.next());
    expect(ourM6.get(TlvType.Error)).toBeUndefined();
    expect(ourM6.get(TlvType.State)).toEqual(Uint8Array.of(6));
    const clientId = Buffer.from("b9fd85b4-6056-476e-afa2-bbaa480de858").toString("hex");
    expect(hex(server.state.pairings.get(clientId)!)).toBe(vector.keys[0]!["ed25519_ltpk"]);
    peer.socket.destroy();
  });

  it("pair-verify M2 and the first encrypted responses are pyatv's bytes", async () => {
    server = await device();
    const clientId = Buffer.from("b9fd85b4-6056-476e-afa2-bbaa480de858").toString("hex");
    server.state.pairings.set(clientId, unhex(vector.keys[0]!["ed25519_ltpk"]!));
    const peer = await Peer.open(server.port);
    const script = exchanges(2);
    const fromClient = script.filter((e) => e.dir === "client->device");
    const fromDevice = script.filter((e) => e.dir === "device->client");
    peer.socket.write(unhex(fromClient[0]!.hex)); // PV M1
    const m2 = await peer.next();
    expect(hex(pd(m2).get(TlvType.PublicKey)!)).toBe(hex(capturedPd(fromDevice[0]!).get(TlvType.PublicKey)!));
    expect(hex(pd(m2).get(TlvType.EncryptedData)!)).toBe(
      hex(capturedPd(fromDevice[0]!).get(TlvType.EncryptedData)!),
    );
    peer.socket.write(unhex(fromClient[1]!.hex)); // PV M3
    expect(pd(await peer.next()).get(TlvType.Error)).toBeUndefined();

    // _systemInfo and _touchStart: answers identical to pyatv's fake, byte for byte.
    for (const i of [2, 3]) {
      peer.socket.write(unhex(fromClient[i]!.hex));
      const frame = await peer.next();
      expect(hex(frame.header) + hex(frame.payload)).toBe(fromDevice[i]!.hex);
    }
    // _sessionStart (random _sid), TVRCSessionStart, _tiStart: decrypt with the captured key.
    const key = unhex(fromDevice[2]!.encrypted!.key);
    let counter = 2;
    for (const i of [4, 5, 6]) {
      peer.socket.write(unhex(fromClient[i]!.hex));
      const frame = await peer.next();
      const plain = chacha20Poly1305Open(key, companionNonce(counter++), frame.payload, frame.header);
      const message = parseMessage(decodeOpack(plain));
      const request = parseMessage(decodeOpack(unhex(fromClient[i]!.encrypted!.plaintext_hex)));
      expect(message.identifier).toBe(request.identifier);
      expect(message.xid).toBe(request.xid);
      expect(message.error).toBeUndefined();
    }
    expect(server.state.received.slice(0, 5)).toEqual([
      "_systemInfo",
      "_touchStart",
      "_sessionStart",
      "TVRCSessionStart",
      "_tiStart",
    ]);
    expect(server.state.lastSystemInfo?.["name"]).toBe("pyatv");
    peer.socket.destroy();
  });
});
