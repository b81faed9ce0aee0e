/** playing() and a command over real loopback HTTP against the fake Apple TV 3. */
import { afterAll, beforeAll, bench, describe } from "vitest";
import { DEFAULT_HSGID, startDmapServer, type DmapServer } from "../src/server/index.js";
import { DmapSetup } from "../src/setup.js";

let device: DmapServer;
let setup: DmapSetup;

beforeAll(async () => {
  device = await startDmapServer();
  device.useCases.musicPlaying({ title: "bench", artist: "a", album: "b", totalTime: 300, position: 10 });
  setup = new DmapSetup({ host: "127.0.0.1", port: device.port, credentials: DEFAULT_HSGID });
  await setup.connect();
});

afterAll(async () => {
  await setup.close();
  await device.close();
});

describe("DMAP over loopback", () => {
  bench("metadata.playing() round trip", async () => {
    await setup.capabilities.metadata.playing();
  });
  bench("remoteControl.pause() round trip", async () => {
    await setup.capabilities.remoteControl.pause();
  });
});
