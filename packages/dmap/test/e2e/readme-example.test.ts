/** The README example, run as written (console output captured). */
import { expect, it, vi } from "vitest";
import { DmapSetup, startDmapServer } from "../../src/index.js";

it("README example", async () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    const device = await startDmapServer({ name: "Apple TV 3" });
    device.useCases.musicPlaying({ title: "Song", artist: "Band", totalTime: 200, position: 20 });

    const dmap = new DmapSetup({ host: "127.0.0.1", port: device.port, credentials: device.hsgid });
    await dmap.connect();
    const { metadata, remoteControl, pushUpdater } = dmap.capabilities;
    console.log((await metadata.playing()).toString());
    pushUpdater.on("playing", (p) => console.log("now", p.deviceState));
    pushUpdater.start();
    await remoteControl.pause();
    await dmap.close();
    await device.close();

    expect(String(log.mock.calls[0]?.[0])).toContain("Title: Song");
    expect(device.state.lastButton).toBe("pause");
  } finally {
    log.mockRestore();
  }
});
