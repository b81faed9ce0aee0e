/** `vitest bench`: encrypted request/command round trips against the in-process fake device. */
import { afterAll, beforeAll, bench, describe } from "vitest";
import { genericMessage } from "../src/codec/index.js";
import { MrpSetup } from "../src/setup.js";
import type { MrpServer } from "../src/server/index.js";
import { pairedDevice } from "./paired-device.js";

let server: MrpServer;
let setup: MrpSetup;

beforeAll(async () => {
  const device = await pairedDevice();
  server = device.server;
  server.useCases.musicPlaying({ title: "bench", paused: true });
  setup = new MrpSetup({
    host: server.host,
    port: server.port,
    credentials: device.credentials,
    heartbeatIntervalMs: 0,
  });
  await setup.connect();
});

afterAll(async () => {
  await setup.close();
  await server.close();
});

describe("MRP over loopback, encrypted (client and device in one process)", () => {
  bench("command round trip: play → SendCommandResult", async () => {
    await setup.capabilities.remoteControl.play();
  });
  bench("request round trip: GENERIC_MESSAGE", async () => {
    await setup.client!.session.request(genericMessage());
  });
});
