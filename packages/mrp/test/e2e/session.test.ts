import { afterEach, describe, expect, it } from "vitest";
import { ConnectionLostError, OperationTimeoutError } from "@atv/core";
import { MrpSession } from "../../src/session.js";
import { genericMessage, cryptoPairingMessage, MessageType, protocolMessage } from "../../src/codec/index.js";
import type { ProtocolMessage } from "../../src/gen/atv/mrp/protocol_message_pb.js";
import { connectionPair } from "../helpers/connection-pair.js";

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** A device that answers with `answer(message)` (undefined = stay silent). */
async function setup(answer: (m: ProtocolMessage) => ProtocolMessage | undefined, requestTimeoutMs = 1000) {
  const pair = await connectionPair();
  cleanup = () => pair.close();
  pair.device.on("message", (m) => {
    const reply = answer(m);
    if (reply) pair.device.send(reply);
  });
  const session = new MrpSession(pair.client, { requestTimeoutMs });
  return { session, device: pair.device };
}

const echo = (m: ProtocolMessage): ProtocolMessage =>
  protocolMessage(MessageType.UNKNOWN_MESSAGE, { identifier: m.identifier });

describe("MrpSession", () => {
  it("correlates concurrent requests by identifier, whatever the answer order", async () => {
    const held: ProtocolMessage[] = [];
    const { session, device } = await setup((m) => {
      held.push(m);
      if (held.length === 3) for (const h of [...held].reverse()) device.send(echo(h));
      return undefined;
    });
    const answers = await Promise.all([1, 2, 3].map(() => session.request(genericMessage())));
    const sent = held.map((m) => m.identifier);
    expect(answers.map((a) => a.identifier)).toEqual(sent);
    expect(new Set(sent).size).toBe(3);
    expect(session.pendingCount).toBe(0);
  });

  it("matches pairing answers by type, without an identifier", async () => {
    const { session } = await setup((m) =>
      m.type === MessageType.CRYPTO_PAIRING_MESSAGE
        ? cryptoPairingMessage(Uint8Array.of(6, 1, 2))
        : undefined,
    );
    const request = cryptoPairingMessage(Uint8Array.of(6, 1, 1), true);
    const reply = await session.request(request, { matchType: MessageType.CRYPTO_PAIRING_MESSAGE });
    expect(request.identifier).toBe("");
    expect([...reply.cryptoPairingMessage!.pairingData]).toEqual([6, 1, 2]);
  });

  it("times out with OperationTimeoutError and forgets the request", async () => {
    const { session } = await setup(() => undefined, 50);
    await expect(session.request(genericMessage())).rejects.toBeInstanceOf(OperationTimeoutError);
    expect(session.pendingCount).toBe(0);
  });

  it("a per-call timeout overrides the session's", async () => {
    const { session } = await setup(() => undefined, 60_000);
    const started = Date.now();
    await expect(session.request(genericMessage(), { timeoutMs: 30 })).rejects.toBeInstanceOf(
      OperationTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("aborts with the signal's reason", async () => {
    const { session } = await setup(() => undefined);
    const controller = new AbortController();
    const pending = session.request(genericMessage(), { signal: controller.signal });
    controller.abort(new Error("stop it"));
    await expect(pending).rejects.toThrow("stop it");
    await expect(session.request(genericMessage(), { signal: AbortSignal.abort() })).rejects.toHaveProperty(
      "name",
      "AbortError",
    );
    expect(session.pendingCount).toBe(0);
  });

  it("a late answer after a timeout becomes an ordinary push, not a crash", async () => {
    let last: ProtocolMessage | undefined;
    const { session, device } = await setup((m) => {
      last = m;
      return undefined;
    }, 30);
    await expect(session.request(genericMessage())).rejects.toBeInstanceOf(OperationTimeoutError);
    const pushed = new Promise<ProtocolMessage>((resolve) => session.once("message", resolve));
    device.send(echo(last!));
    expect((await pushed).identifier).toBe(last!.identifier);
  });

  it("dispatches pushes to per-type listeners and waitFor", async () => {
    const { session, device } = await setup(() => undefined);
    const seen: number[] = [];
    const stop = session.listen(MessageType.SET_STATE_MESSAGE, (m) => seen.push(m.type));
    const waited = session.waitFor(
      MessageType.VOLUME_DID_CHANGE_MESSAGE,
      (m) => m.volumeDidChangeMessage?.volume === 0.5,
    );
    device.send(protocolMessage(MessageType.SET_STATE_MESSAGE));
    device.send(
      protocolMessage(MessageType.VOLUME_DID_CHANGE_MESSAGE, { volumeDidChangeMessage: { volume: 0.25 } }),
    );
    device.send(
      protocolMessage(MessageType.VOLUME_DID_CHANGE_MESSAGE, { volumeDidChangeMessage: { volume: 0.5 } }),
    );
    expect((await waited).volumeDidChangeMessage?.volume).toBe(0.5);
    expect(seen).toEqual([MessageType.SET_STATE_MESSAGE]);
    stop();
    device.send(protocolMessage(MessageType.SET_STATE_MESSAGE));
    await session.request(genericMessage(), { timeoutMs: 50 }).catch(() => undefined);
    expect(seen).toHaveLength(1);
  });

  it("waitFor times out", async () => {
    const { session } = await setup(() => undefined);
    await expect(
      session.waitFor(MessageType.SET_STATE_MESSAGE, undefined, { timeoutMs: 20 }),
    ).rejects.toBeInstanceOf(OperationTimeoutError);
  });

  it("the heartbeat keeps a healthy connection and declares a silent one lost", async () => {
    let answering = true;
    let beats = 0;
    const { session } = await setup((m) => {
      if (m.type !== MessageType.GENERIC_MESSAGE) return undefined;
      beats++;
      return answering ? echo(m) : undefined;
    }, 40);
    const lost = new Promise<ConnectionLostError>((resolve) => session.on("connectionLost", resolve));
    session.startHeartbeat(20);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(beats).toBeGreaterThanOrEqual(2);
    expect(session.closed).toBe(false);
    answering = false;
    const error = await lost;
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect(error.message).toMatch(/heartbeat/);
    expect(session.closed).toBe(true);
  });

  it("close() is graceful, idempotent and rejects what is pending", async () => {
    const { session } = await setup(() => undefined);
    const events: string[] = [];
    session.on("connectionLost", () => events.push("lost"));
    session.on("connectionClosed", () => events.push("closed"));
    const pending = session.request(genericMessage());
    await Promise.all([session.close(), session.close()]);
    await expect(pending).rejects.toBeInstanceOf(ConnectionLostError);
    await expect(session.request(genericMessage())).rejects.toBeInstanceOf(ConnectionLostError);
    expect(() => session.send(genericMessage())).toThrow(ConnectionLostError);
    expect(events).toEqual([]);
  });
});
