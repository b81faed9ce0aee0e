/** Session behaviour over real sockets: errors, timeouts, abort, loss reported once, hostile peers. */
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionLostError, OperationTimeoutError, type ProtocolError } from "@atv/core";
import { until } from "@atv/test-utils";
import { CompanionClient } from "../../src/client.js";
import { encodeFrame, FrameType } from "../../src/codec/frame.js";
import { NO_REQUEST_HANDLER } from "../../src/codec/constants.js";
import { encodeOpack } from "../../src/codec/opack.js";
import { CompanionConnection } from "../../src/connection.js";
import { CompanionRequestError } from "../../src/errors.js";
import { CompanionSession } from "../../src/session.js";
import type { CompanionServer } from "../../src/server/index.js";
import { pairedClient, pairWith } from "../helpers/paired.js";

let server: CompanionServer | undefined;
let client: CompanionClient | undefined;
let raw: Server | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  await new Promise<void>((resolve) => (raw ? raw.close(() => resolve()) : resolve()));
  client = server = raw = undefined;
});

async function rawPeer(onSocket: (socket: Socket) => void): Promise<number> {
  raw = createServer((socket) => {
    socket.on("error", () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => raw!.listen(0, "127.0.0.1", resolve));
  const address = raw.address();
  return typeof address === "object" && address ? address.port : 0;
}

describe("requests", () => {
  it("turns an _em reply into CompanionRequestError with the signed code", async () => {
    ({ server, client } = await pairedClient());
    const error = await client.request("_noSuchThing").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CompanionRequestError);
    expect(error).toMatchObject({
      errorCode: NO_REQUEST_HANDLER.code,
      request: "_noSuchThing",
      domain: "RPErrorDomain",
    });
    expect(String(error)).toMatch(/No request handler/);
    // The session still works.
    expect(await client.request("FetchAttentionState")).toEqual({ state: 3 });
  });

  it("times out with OperationTimeoutError and honours AbortSignal", async () => {
    ({ server, client } = await pairedClient());
    server.setInterceptor((m) => (m.identifier === "FetchAttentionState" ? "ignore" : undefined));
    await expect(client.request("FetchAttentionState", {}, { timeoutMs: 50 })).rejects.toThrow(
      OperationTimeoutError,
    );
    const controller = new AbortController();
    const pending = client.request("FetchAttentionState", {}, { signal: controller.signal });
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    expect(client.session.pendingCount).toBe(0);
    await expect(client.request("x", {}, { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it("reports connection loss once and rejects pending requests", async () => {
    ({ server, client } = await pairedClient());
    const losses: Error[] = [];
    client.on("connectionLost", (e) => losses.push(e));
    server.setInterceptor((m) => (m.identifier === "FetchLaunchableApplicationsEvent" ? "drop" : undefined));
    await expect(client.request("FetchLaunchableApplicationsEvent")).rejects.toThrow(ConnectionLostError);
    await until(() => losses.length === 1, { what: "loss" });
    await expect(client.request("FetchAttentionState")).rejects.toThrow(ConnectionLostError);
    await client.close();
    expect(losses).toHaveLength(1);
    expect(losses[0]).toBeInstanceOf(ConnectionLostError);
  });

  it("close() is idempotent and not reported as a loss", async () => {
    ({ server, client } = await pairedClient());
    const events: string[] = [];
    client.on("connectionLost", () => events.push("lost"));
    client.on("connectionClosed", () => events.push("closed"));
    await Promise.all([client.close(), client.close()]);
    await client.close();
    expect(events).toEqual([]);
    expect(client.closed).toBe(true);
  });
});

describe("connect sequence tolerance", () => {
  it("connects when the device refuses _sessionStart and has no TVRCSessionStart handler", async () => {
    ({ server } = await pairedClient());
    const credentials = await pairWith(server);
    server.state.refuseSessionStart = true;
    server.state.unhandled.add("TVRCSessionStart");
    server.state.unhandled.add("FetchAttentionState");
    client = await CompanionClient.connect(server.host, server.port, { credentials });
    expect(client.systemStatus).toBeUndefined(); // power state unknown, as pyatv
    expect(await client.request("FetchLaunchableApplicationsEvent")).toBeDefined();
    await client.close();
    // No _sessionStop without a session.
    expect(server.state.received.filter((i) => i === "_sessionStop")).toHaveLength(0);
  });
});

describe("hostile peers", () => {
  it("a frame announcing more than the limit drops the connection with a typed cause", async () => {
    const port = await rawPeer((socket) => socket.write(Uint8Array.of(0x08, 0xff, 0xff, 0xff)));
    const connection = await CompanionConnection.connect("127.0.0.1", port, { maxFrameBytes: 1024 });
    const error = await new Promise<unknown>((resolve) => connection.on("closed", resolve));
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect(String((error as Error).cause)).toMatch(/exceeds the limit/);
  });

  it("malformed OPACK, unknown frame types and stray responses do not kill the session", async () => {
    const port = await rawPeer((socket) => {
      socket.write(encodeFrame(0x42, Uint8Array.of(1, 2, 3))); // unknown type: ignored
      socket.write(encodeFrame(FrameType.U_OPACK, encodeOpack({ _i: "x", _t: 9 }))); // unknown _t
      socket.write(encodeFrame(FrameType.U_OPACK, encodeOpack({ _i: "x", _t: 3, _x: 999, _c: {} }))); // answers nothing
      socket.write(encodeFrame(FrameType.U_OPACK, encodeOpack({ _i: "ev", _t: 1, _c: { a: 1 } })));
      setTimeout(() => socket.write(encodeFrame(FrameType.U_OPACK, Uint8Array.of(0xff))), 50); // bad OPACK
    });
    const connection = await CompanionConnection.connect("127.0.0.1", port);
    const session = new CompanionSession(connection);
    const unexpected: ProtocolError[] = [];
    const events: string[] = [];
    session.on("unexpected", (e) => unexpected.push(e));
    session.on("event", (m) => events.push(m.identifier));
    const lost = new Promise<Error>((resolve) => session.on("connectionLost", resolve));
    await until(() => unexpected.length === 2 && events.length === 1, { what: "dispatch" });
    expect(unexpected.map((e) => e.message)).toEqual([
      expect.stringMatching(/unknown _t/),
      expect.stringMatching(/response to no request/),
    ]);
    expect(String((await lost).cause)).toMatch(/malformed OPACK/);
  });

  it("a truncated stream is a connection loss", async () => {
    const port = await rawPeer((socket) => socket.end(Uint8Array.of(0x08, 0x00, 0x00, 0x10, 0x01)));
    const connection = await CompanionConnection.connect("127.0.0.1", port);
    const error = await new Promise<unknown>((resolve) => connection.on("closed", resolve));
    expect(String((error as Error).cause)).toMatch(/ended inside a frame/);
  });

  it("a frame that fails authentication makes the device drop that client only", async () => {
    ({ server, client } = await pairedClient());
    const lost = new Promise<Error>((resolve) => client!.on("connectionLost", resolve));
    // Swap in a cipher that sends garbage of the right length: the device's tag check fails.
    client.session.connection.enableEncryption({
      encrypt: (plain: Uint8Array) => new Uint8Array(plain.length + 16).fill(0x5a),
      decrypt: (sealed: Uint8Array) => sealed,
    });
    void client.request("FetchAttentionState").catch(() => undefined);
    expect(await lost).toBeInstanceOf(ConnectionLostError);
    await until(() => server!.connectionCount === 0, { what: "device dropped the client" });
    ({ client } = {
      client: await CompanionClient.connect(server.host, server.port, {
        credentials: await pairWith(server),
      }),
    });
    expect(await client.request("FetchAttentionState")).toEqual({ state: 3 });
  });
});

describe("device side", () => {
  it("closes a connection that sends E_OPACK before pair-verify", async () => {
    ({ server, client } = await pairedClient());
    const connection = await CompanionConnection.connect(server.host, server.port);
    const closed = new Promise((resolve) => connection.on("closed", resolve));
    connection.send(FrameType.E_OPACK, { _i: "FetchLaunchableApplicationsEvent", _t: 2, _c: {}, _x: 1 });
    await closed;
    expect(server.state.received.filter((i) => i === "FetchLaunchableApplicationsEvent")).toHaveLength(0);
  });

  it("answers unknown pairing garbage with a TLV error instead of crashing", async () => {
    ({ server, client } = await pairedClient());
    const connection = await CompanionConnection.connect(server.host, server.port);
    const session = new CompanionSession(connection);
    const reply = await session.exchangePairing(FrameType.PV_Start, { _pd: Uint8Array.of(6, 1, 3) });
    expect(reply["_pd"]).toBeInstanceOf(Uint8Array);
    expect([...(reply["_pd"] as Uint8Array)]).toContain(7); // Error item
    await session.close();
    expect(await client.request("FetchAttentionState")).toEqual({ state: 3 });
  });
});
