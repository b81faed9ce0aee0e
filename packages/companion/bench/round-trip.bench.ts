/** `vitest bench`: encrypted request round trips against the in-process fake device. */
import { afterAll, beforeAll, bench, describe } from "vitest";
import { CompanionClient } from "../src/client.js";
import type { CompanionServer } from "../src/server/index.js";
import { pairedDevice } from "./paired-device.js";

let server: CompanionServer;
let client: CompanionClient;

beforeAll(async () => {
  const device = await pairedDevice();
  server = device.server;
  client = await CompanionClient.connect(server.host, server.port, { credentials: device.credentials });
});

afterAll(async () => {
  await client.close();
  await server.close();
});

describe("Companion over loopback, encrypted (client and device in one process)", () => {
  bench("request round trip: FetchAttentionState", async () => {
    await client.request("FetchAttentionState");
  });
  bench("request round trip: FetchLaunchableApplicationsEvent", async () => {
    await client.request("FetchLaunchableApplicationsEvent");
  });
});
