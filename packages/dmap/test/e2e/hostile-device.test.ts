/**
 * A hostile or broken device on a raw TCP socket: every failure is a typed error, in
 * bounded time, without unbounded buffering.
 */
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  InvalidDmapDataError,
  InvalidResponseError,
  OperationTimeoutError,
  ConnectionLostError,
  ConnectionFailedError,
} from "@atv/core";
import { encodeDmap } from "../../src/codec/encode.js";
import { container, uint } from "../../src/codec/node.js";
import { DmapSession } from "../../src/session.js";

const LOGIN = Buffer.from(encodeDmap(container("mlog", uint("mstt", 200), uint("mlid", 7))));

/** A device answering login properly and everything else with `answer`. */
async function rawDevice(answer: (socket: Socket) => void): Promise<Server & AsyncDisposable> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    let buffered = "";
    socket.on("data", (chunk) => {
      buffered += chunk.toString("latin1");
      while (buffered.includes("\r\n\r\n")) {
        const head = buffered.slice(0, buffered.indexOf("\r\n\r\n"));
        buffered = buffered.slice(buffered.indexOf("\r\n\r\n") + 4);
        if (head.startsWith("GET /login")) {
          socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${LOGIN.length}\r\n\r\n`);
          socket.write(LOGIN);
        } else answer(socket);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return Object.assign(server, {
    async [Symbol.asyncDispose]() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  });
}

function session(
  server: Server,
  extra: Partial<ConstructorParameters<typeof DmapSession>[0]> = {},
): DmapSession {
  return new DmapSession({
    host: "127.0.0.1",
    port: (server.address() as AddressInfo).port,
    credentials: "0x0123456789ABCDEF",
    ...extra,
  });
}

const PS = "ctrl-int/1/playstatusupdate?[AUTH]&revision-number=0";

describe("DMAP client against a hostile device", () => {
  it("a body that never ends: refused at the byte limit, memory bounded", async () => {
    let written = 0;
    await using device = await rawDevice((socket) => {
      socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
      const chunk = Buffer.alloc(16 * 1024, 0x41);
      const pump = (): void => {
        while (!socket.destroyed && written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString("latin1")}\r\n`)) {
            socket.once("drain", pump);
            return;
          }
        }
      };
      pump();
    });
    const s = session(device, { maxBodyBytes: 256 * 1024 });
    await expect(s.get(PS)).rejects.toBeInstanceOf(InvalidResponseError);
    expect(written).toBeLessThan(64 * 1024 * 1024);
    s.close();
  });

  it("a body that trickles forever on the long-poll: body timeout", async () => {
    await using device = await rawDevice((socket) => {
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nabc");
    });
    const s = session(device, { bodyTimeoutMs: 200 });
    await expect(s.get(PS, { timeoutMs: null })).rejects.toBeInstanceOf(OperationTimeoutError);
    s.close();
  });

  it("no answer at all: request timeout", async () => {
    await using device = await rawDevice(() => undefined);
    const s = session(device, { requestTimeoutMs: 200 });
    await expect(s.get(PS)).rejects.toBeInstanceOf(OperationTimeoutError);
    s.close();
  });

  it("a declared length above the limit is refused before reading", async () => {
    await using device = await rawDevice((socket) =>
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n"),
    );
    const s = session(device, { maxBodyBytes: 1024 });
    await expect(s.get(PS)).rejects.toThrow(/exceeds 1024/);
    s.close();
  });

  it("DMAP lengths beyond the body and deep nesting: InvalidDmapDataError", async () => {
    const bodies = [
      Buffer.from("636d7374000000ff6d737474", "hex"),
      Buffer.from(
        encodeDmap(
          Array.from({ length: 100 }).reduce<ReturnType<typeof container>>(
            (inner) => container("cmst", inner),
            container("cmst"),
          ),
        ),
      ),
    ];
    for (const body of bodies) {
      await using device = await rawDevice((socket) => {
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
        socket.write(body);
      });
      const s = session(device);
      await expect(s.get(PS)).rejects.toBeInstanceOf(InvalidDmapDataError);
      s.close();
    }
  });

  it("a gzip bomb is cut at the byte limit", async () => {
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024));
    await using device = await rawDevice((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${bomb.length}\r\n\r\n`);
      socket.write(bomb);
    });
    const s = session(device, { maxBodyBytes: 1024 * 1024 });
    await expect(s.get(PS)).rejects.toBeInstanceOf(InvalidResponseError);
    s.close();
  });

  it("headers that never end: refused by the parser's limit (long-poll too)", async () => {
    await using device = await rawDevice((socket) => {
      socket.write("HTTP/1.1 200 OK\r\nX-Endless: ");
      const pump = (): void => {
        while (!socket.destroyed && socket.write(Buffer.alloc(4096, 0x61)));
        if (!socket.destroyed) socket.once("drain", pump);
      };
      pump();
    });
    const s = session(device);
    await expect(s.get(PS, { timeoutMs: null })).rejects.toBeInstanceOf(InvalidResponseError);
    s.close();
  });

  it("garbage instead of HTTP: a typed error", async () => {
    await using device = await rawDevice((socket) => socket.end("SSH-2.0-nope\r\n\r\n"));
    const s = session(device);
    const error: unknown = await s.get(PS).catch((e: unknown) => e);
    expect(error instanceof InvalidResponseError || error instanceof ConnectionLostError).toBe(true);
    s.close();
  });

  it("nobody listening: ConnectionFailedError", async () => {
    const device = await rawDevice(() => undefined);
    const port = (device.address() as AddressInfo).port;
    await device[Symbol.asyncDispose]();
    const s = new DmapSession({ host: "127.0.0.1", port, credentials: "0x0123456789ABCDEF" });
    await expect(s.login()).rejects.toBeInstanceOf(ConnectionFailedError);
    s.close();
  });
});
