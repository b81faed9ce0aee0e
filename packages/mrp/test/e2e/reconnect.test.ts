/** connect() on one MrpSetup: no second socket while connected, and a new connection after close() or a loss. */
import { afterEach, describe, expect, it } from "vitest";
import { DeviceState, InvalidStateError, type Playing } from "@atv/core";
import { until } from "@atv/test-utils";
import { MrpSetup } from "../../src/setup.js";
import { startMrpServer, type MrpServer } from "../../src/server/index.js";

let server: MrpServer | undefined;
let setup: MrpSetup | undefined;
afterEach(async () => {
  await setup?.close();
  await server?.close();
  setup = server = undefined;
});

async function start(): Promise<{ server: MrpServer; setup: MrpSetup }> {
  server = await startMrpServer();
  setup = new MrpSetup({ host: server.host, port: server.port });
  return { server, setup };
}

describe("MrpSetup.connect", () => {
  it("a second connect() while connected is InvalidStateError and opens no socket", async () => {
    const { server, setup } = await start();
    await setup.connect();
    await until(() => server.connectionCount === 1);
    await expect(setup.connect()).rejects.toBeInstanceOf(InvalidStateError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.connectionCount).toBe(1);
  });

  it("a connect() while another runs is InvalidStateError; one connection results", async () => {
    const { server, setup } = await start();
    const results = await Promise.allSettled([setup.connect(), setup.connect()]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.reason).toBeInstanceOf(InvalidStateError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.connectionCount).toBe(1);
  });

  it("reconnects after close(): capabilities follow the new connection", async () => {
    const { server, setup } = await start();
    await setup.connect();
    await setup.close();
    await until(() => server.connectionCount === 0);

    await setup.connect();
    await until(() => server.connectionCount === 1);
    const caps = setup.capabilities;
    server.useCases.musicPlaying({ title: "after reconnect" });
    await until(async () => (await caps.metadata.playing()).title === "after reconnect");
    await caps.remoteControl.pause();
    expect(server.state.lastCommand).toBeDefined();

    const volumes: number[] = [];
    caps.audio.on("volumeChanged", (_old, level) => volumes.push(level));
    server.useCases.setVolume(20);
    await until(() => volumes.includes(20));

    const seen: Playing[] = [];
    caps.pushUpdater.on("playing", (p) => seen.push(p));
    caps.pushUpdater.start();
    server.useCases.pause();
    await until(() => seen.some((p) => p.deviceState === DeviceState.Paused));
  });

  it("reconnects after the connection was lost", async () => {
    const { server, setup } = await start();
    await setup.connect();
    const lost = new Promise((resolve) => setup.events.on("connectionLost", resolve));
    server.dropConnections();
    await lost;
    await setup.connect();
    server.useCases.videoPlaying({ title: "v" });
    await until(async () => (await setup.capabilities.metadata.playing()).title === "v");
  });
});
