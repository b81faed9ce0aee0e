/** The hooks a shared (group) sender uses: `transport` and `request()` of a connected RaopClient. */
import { afterEach, describe, expect, it } from "vitest";
import { RaopClient, startRaopReceiver, type RaopReceiver } from "../../src/index.js";

let receiver: RaopReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe("RaopClient group hooks", () => {
  it("exposes the session's sockets and RTSP while connected, nothing after close", async () => {
    receiver = await startRaopReceiver();
    const client = new RaopClient({ host: receiver.host, port: receiver.port, properties: receiver.txt() });
    expect(client.transport).toBeUndefined();
    await client.connect();
    const t = client.transport;
    expect(t).toBeDefined();
    if (!t) return;
    expect(t.uri).toBe(`rtsp://127.0.0.1/${client.sessionId}`);
    expect(t.serverControlPort).toBeGreaterThan(0);
    expect(t.remote).toBe("127.0.0.1");
    expect(t.shk).toBeUndefined();
    expect(t.audio.remoteAddress().port).toBeGreaterThan(0);
    expect(t.control.address().port).toBeGreaterThan(0);
    const answer = await client.request({ method: "GET", uri: "/info" });
    expect(answer.status).toBe(200);
    expect(receiver.state.requests.at(-1)?.method).toBe("GET");
    await client.close();
    expect(client.transport).toBeUndefined();
  });
});
