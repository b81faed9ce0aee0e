/** Hostile bytes on real sockets: both sides drop the peer with a typed error and keep serving others. */
import { createServer, connect as netConnect, type AddressInfo, type Server } from "node:net";
import { ConnectionLostError } from "@atv/core";
import { afterEach, describe, expect, test } from "vitest";
import { HttpConnection } from "../../src/rtsp.js";
import { startAirPlayServer, type AirPlayServer } from "../../src/index.js";

let server: AirPlayServer | undefined;
let raw: Server | undefined;
afterEach(async () => {
  await server?.close();
  await new Promise<void>((resolve) => (raw ? raw.close(() => resolve()) : resolve()));
  server = raw = undefined;
});

/** A fake "device" that answers any request with `reply`. */
async function rawDevice(reply: Buffer): Promise<number> {
  raw = createServer((socket) => {
    socket.once("data", () => socket.write(reply));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => raw?.listen(0, "127.0.0.1", resolve));
  return (raw.address() as AddressInfo).port;
}

describe("client against a hostile device", () => {
  test("an oversized Content-Length is refused before the body arrives (ConnectionLostError with the cause)", async () => {
    const port = await rawDevice(Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n"));
    const connection = await HttpConnection.connect("127.0.0.1", port);
    const error = (await connection
      .request({ method: "GET", uri: "/info" })
      .catch((e: unknown) => e)) as ConnectionLostError;
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect(String((error.cause as Error).message)).toMatch(/exceeds the limit/);
    await connection.close();
  });

  test("an endless header block is refused at the limit", async () => {
    const port = await rawDevice(Buffer.from(`HTTP/1.1 200 OK\r\nX: ${"a".repeat(20_000)}`));
    const connection = await HttpConnection.connect("127.0.0.1", port);
    await expect(connection.request({ method: "GET", uri: "/info" })).rejects.toBeInstanceOf(
      ConnectionLostError,
    );
  });

  test("garbage instead of a status line", async () => {
    const port = await rawDevice(Buffer.from("\x00\x01\x02 hello\r\n\r\n"));
    const connection = await HttpConnection.connect("127.0.0.1", port);
    await expect(connection.request({ method: "GET", uri: "/info" })).rejects.toBeInstanceOf(
      ConnectionLostError,
    );
  });
});

describe("receiver against a hostile client", () => {
  test("garbage, oversized bodies and bad pairing bytes drop that client only", async () => {
    server = await startAirPlayServer({ pin: 1234 });
    const send = (bytes: string | Buffer): Promise<string> =>
      new Promise((resolve) => {
        const socket = netConnect(server?.port ?? 0, "127.0.0.1");
        let got = "";
        socket.on("data", (d) => (got += d.toString("latin1")));
        socket.on("close", () => resolve(got));
        socket.on("error", () => undefined);
        socket.write(bytes);
        setTimeout(() => socket.end(), 200);
      });
    expect(await send("\xff\xfe garbage\r\n\r\n")).toBe("");
    expect(await send("POST /play HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n")).toBe("");
    const badPairing = await send(
      "POST /pair-setup HTTP/1.1\r\nX-Apple-HKP: 3\r\nContent-Length: 4\r\n\r\n\x06\x01\x03\x00",
    );
    expect(badPairing).toMatch(/^HTTP\/1\.1 200 OK/); // answered with an Error TLV, as a device does
    const badVerify = await send(
      "POST /pair-verify HTTP/1.1\r\nContent-Length: 68\r\n\r\n" + "\x01".repeat(68),
    );
    expect(badVerify).toMatch(/^HTTP\/1\.1 (400|470)/);
    const info = await send("GET /info RTSP/1.0\r\nCSeq: 7\r\n\r\n");
    expect(info).toMatch(/^RTSP\/1\.0 200 OK\r\n/);
    expect(info).toContain("CSeq: 7\r\n");
  });
});
