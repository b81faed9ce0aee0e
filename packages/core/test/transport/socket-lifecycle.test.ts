import { once } from "node:events";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { until } from "@atv/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { ProtocolError, SocketLifecycle, connectTcp, type SocketLifecycleOptions } from "../../src/index.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A connected loopback pair: `ours` (wrapped by the test) and `peer` (the other end, half-open allowed). */
async function pair(): Promise<{ ours: Socket; peer: Socket }> {
  const server: Server = createServer({ allowHalfOpen: true });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const accepted = once(server, "connection") as Promise<[Socket]>;
  const ours = await connectTcp("127.0.0.1", (server.address() as AddressInfo).port);
  const [peer] = await accepted;
  peer.on("error", () => undefined);
  cleanups.push(() => {
    ours.destroy();
    peer.destroy();
    server.close();
  });
  return { ours, peer };
}

/** Wraps `socket`, recording received bytes and every onClose call. */
function wrap(socket: Socket, options: Partial<SocketLifecycleOptions> = {}) {
  const received: string[] = [];
  const closes: (Error | undefined)[] = [];
  const lifecycle = new SocketLifecycle(socket, {
    onData: (chunk) => received.push(chunk.toString()),
    onClose: (failure) => closes.push(failure),
    ...options,
  });
  return { lifecycle, received, closes };
}

describe("SocketLifecycle", () => {
  it("delivers data, answers a clean FIN with FIN and reports the end once without a failure", async () => {
    const { ours, peer } = await pair();
    const { lifecycle, received, closes } = wrap(ours);
    expect(ours.listenerCount("data")).toBe(1);
    peer.write("hello");
    await until(() => received.join("") === "hello");
    const peerEnded = once(peer, "end");
    peer.end();
    await peerEnded;
    await until(() => lifecycle.closed);
    expect(closes).toEqual([undefined]);
    expect(lifecycle.failure).toBeUndefined();
    expect(lifecycle.closing).toBe(false);
    expect(lifecycle.ended).toBe(true);
  });

  it("counts a FIN while busy as a loss with the configured message", async () => {
    const { ours, peer } = await pair();
    const { closes } = wrap(ours, {
      isBusy: () => true,
      busyEndMessage: "closed by the device with 2 pending",
    });
    peer.end();
    await until(() => closes.length === 1);
    expect(closes[0]?.message).toBe("closed by the device with 2 pending");
  });

  it("records what onEnd throws (a cut-off frame) as the failure, converted by toError", async () => {
    const { ours, peer } = await pair();
    const { closes } = wrap(ours, {
      onEnd: () => {
        throw new Error("3 bytes of a frame left");
      },
      isBusy: () => true,
      toError: (e) => new ProtocolError(e instanceof Error ? e.message : String(e), { cause: e }),
    });
    peer.end();
    await until(() => closes.length === 1);
    expect(closes[0]).toBeInstanceOf(ProtocolError);
    expect(closes[0]?.message).toBe("3 bytes of a frame left");
  });

  it("drops the connection when onData throws; the first failure wins", async () => {
    const { ours, peer } = await pair();
    const first = new Error("bad frame");
    const logged: unknown[][] = [];
    const logger = Object.assign((...args: unknown[]) => logged.push(args), { enabled: true });
    const { lifecycle, closes } = wrap(ours, {
      logger,
      label: "test",
      onData: () => {
        throw first;
      },
    });
    const peerEnded = once(peer, "end");
    peer.write("x");
    await until(() => closes.length === 1);
    lifecycle.drop(new Error("later"));
    expect(closes).toEqual([first]);
    expect(lifecycle.failure).toBe(first);
    expect(logged).toEqual([["%s: dropping connection: %s", "test", "bad frame"]]);
    await peerEnded;
  });

  it("takes a socket error (a reset by the peer) as the failure", async () => {
    const { ours, peer } = await pair();
    const { closes } = wrap(ours);
    peer.resetAndDestroy();
    await until(() => closes.length === 1);
    expect((closes[0] as NodeJS.ErrnoException | undefined)?.code).toBe("ECONNRESET");
  });

  it("close() is graceful and idempotent: FIN, the peer's FIN, one onClose without failure", async () => {
    const { ours, peer } = await pair();
    const { lifecycle, closes } = wrap(ours);
    peer.on("end", () => peer.end());
    const first = lifecycle.close();
    expect(lifecycle.closing).toBe(true);
    expect(lifecycle.ended).toBe(true);
    const second = lifecycle.close();
    await Promise.all([first, second]);
    await lifecycle.close();
    expect(lifecycle.closed).toBe(true);
    expect(closes).toEqual([undefined]);
  });

  it("close() destroys the socket after the grace period when the peer never answers FIN", async () => {
    const { ours, peer } = await pair();
    const { lifecycle, closes } = wrap(ours, { closeGraceMs: 20 });
    const peerGotFin = once(peer, "end");
    await lifecycle.close();
    await peerGotFin;
    expect(ours.destroyed).toBe(true);
    expect(closes).toEqual([undefined]);
  });

  it("reset() drops the connection with a TCP reset the peer sees", async () => {
    const { ours, peer } = await pair();
    const { lifecycle, closes } = wrap(ours);
    const peerError = once(peer, "error") as Promise<[NodeJS.ErrnoException]>;
    lifecycle.reset();
    const [error] = await peerError;
    expect(error.code).toBe("ECONNRESET");
    await until(() => closes.length === 1);
    lifecycle.reset();
    lifecycle.destroy();
    expect(closes).toHaveLength(1);
  });

  it("sets TCP_NODELAY unless told not to", async () => {
    const { ours } = await pair();
    const calls: boolean[] = [];
    const original = ours.setNoDelay.bind(ours);
    ours.setNoDelay = (noDelay?: boolean) => {
      calls.push(noDelay ?? true);
      return original(noDelay);
    };
    wrap(ours, { noDelay: false });
    expect(calls).toEqual([]);
    wrap(ours);
    expect(calls).toEqual([true]);
  });
});
