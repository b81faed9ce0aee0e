/** The README's example, kept runnable. */
import { expect, it } from "vitest";
import { BaseService, DeviceState, Protocol } from "@atv/core";
import { MrpPairingHandler, MrpSetup, startMrpServer } from "../../src/index.js";

it("README example", async () => {
  // --- README example start
  const device = await startMrpServer({ pin: 1234, identity: { name: "Living Room" } });
  device.useCases.musicPlaying({ title: "Song", artist: "Band", totalTime: 200 });

  const service = new BaseService({ protocol: Protocol.MRP, port: device.port });
  const pairing = new MrpPairingHandler(undefined, service, { host: device.host });
  await pairing.begin(); // the device "shows" 1234
  pairing.pin(1234);
  await pairing.finish(); // service.credentials is set

  const mrp = new MrpSetup({ host: device.host, port: device.port, credentials: service.credentials });
  await mrp.connect(); // pair-verify, then everything is encrypted
  const { metadata, remoteControl } = mrp.capabilities;
  console.log((await metadata.playing()).toString());
  await remoteControl.pause();
  await mrp.close();
  await device.close();
  // --- README example end
  expect(device.state.lastCommand?.command).toBe(2);
  expect(DeviceState.Paused).toBe(2);
});
