import { getEventListeners, once } from "node:events";
import { createServer, Socket, type AddressInfo, type Server } from "node:net";
import { until } from "@atv/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionFailedError, connectTcp } from "../../src/index.js";
import { awaitConnect } from "../../src/transport/tcp.js";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(onSocket: (socket: Socket) => void = () => undefined): Promise<number> {
  const server = createServer(onSocket);
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

/** A port on loopback with nothing listening (bound once, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function listenerCounts(socket: Socket): [number, number] {
  return [socket.listenerCount("connect"), socket.listenerCount("error")];
}

describe("connectTcp", () => {
  it("connects and hands over a socket with no listeners of its own left", async () => {
    const accepted: Socket[] = [];
    const port = await listen((s) => accepted.push(s));
    const socket = await connectTcp("127.0.0.1", port, { keepAlive: 1000, noDelay: true, label: "MRP" });
    try {
      expect(socket.remotePort).toBe(port);
      expect(listenerCounts(socket)).toEqual([0, 0]);
      socket.write("ping");
      await until(() => accepted.length === 1);
      const [data] = (await once(accepted[0]!, "data")) as [Buffer];
      expect(data.toString()).toBe("ping");
    } finally {
      socket.destroy();
      for (const s of accepted) s.destroy();
    }
  });

  it("turns a refused connection into ConnectionFailedError naming label, address and reason", async () => {
    const port = await freePort();
    const error = await connectTcp("127.0.0.1", port, { label: "Companion" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionFailedError);
    expect((error as Error).message).toMatch(
      new RegExp(`^could not connect to Companion at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("names just the address without a label", async () => {
    const port = await freePort();
    await expect(connectTcp("127.0.0.1", port)).rejects.toThrow(
      new RegExp(`^could not connect to 127\\.0\\.0\\.1:${port}: `),
    );
  });

  it("rethrows the reason of a signal aborted before connecting, without connecting", async () => {
    let connections = 0;
    const port = await listen((s) => {
      connections++;
      s.destroy();
    });
    const reason = new Error("caller gave up");
    await expect(connectTcp("127.0.0.1", port, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    // A connection that was made would have been accepted by now; a second one proves the server is reachable.
    const socket = await connectTcp("127.0.0.1", port);
    await until(() => connections === 1);
    socket.destroy();
    expect(connections).toBe(1);
  });
});

describe("awaitConnect (a socket that is never connected keeps the slow paths deterministic)", () => {
  it("times out with ConnectionFailedError, destroys the socket and removes its listeners", async () => {
    const socket = new Socket();
    const controller = new AbortController();
    const error = await awaitConnect(socket, "192.0.2.1", 7000, {
      timeoutMs: 5,
      label: "MRP",
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionFailedError);
    expect((error as Error).message).toBe("could not connect to MRP at 192.0.2.1:7000: timed out after 5 ms");
    expect(socket.destroyed).toBe(true);
    expect(listenerCounts(socket)).toEqual([0, 0]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("rethrows the signal's reason when aborted while connecting and cleans up", async () => {
    const socket = new Socket();
    const controller = new AbortController();
    const pending = awaitConnect(socket, "192.0.2.1", 7000, { signal: controller.signal, timeoutMs: 60_000 });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(socket.destroyed).toBe(true);
    expect(listenerCounts(socket)).toEqual([0, 0]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("rethrows a non-Error abort reason as it is", async () => {
    const controller = new AbortController();
    const pending = awaitConnect(new Socket(), "192.0.2.1", 7000, { signal: controller.signal });
    controller.abort("just a string");
    await expect(pending).rejects.toBe("just a string");
  });

  it("wraps a socket error that arrives while connecting", async () => {
    const socket = new Socket();
    const pending = awaitConnect(socket, "192.0.2.1", 7000, { timeoutMs: 60_000 });
    socket.emit("error", Object.assign(new Error("connect EHOSTUNREACH"), { code: "EHOSTUNREACH" }));
    await expect(pending).rejects.toThrow(/^could not connect to 192\.0\.2\.1:7000: connect EHOSTUNREACH$/);
    expect(listenerCounts(socket)).toEqual([0, 0]);
  });
});
