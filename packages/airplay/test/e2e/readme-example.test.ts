/** The README example, run as written (against the fake receiver). */
import { expect, test } from "vitest";
import { BaseService, Protocol } from "@atv/core";
import {
  AirPlayPairingHandler,
  AirPlayStream,
  effectiveCredentials,
  startAirPlayServer,
} from "../../src/index.js";

test("README example", async () => {
  const receiver = await startAirPlayServer({ pin: 1234 }); // an Apple TV 4K, tvOS 14.7, AirPlay 2
  receiver.state.playingPolls = 1;
  const service = new BaseService({
    protocol: Protocol.AirPlay,
    port: receiver.port,
    properties: receiver.properties,
  });

  const pairing = new AirPlayPairingHandler(undefined, service, { host: receiver.host, name: "My remote" });
  await pairing.begin();
  pairing.pin(1234);
  await pairing.finish();

  const stream = new AirPlayStream({
    host: receiver.host,
    port: receiver.port,
    version: 2,
    credentials: () => effectiveCredentials(service),
  });
  await stream.playUrl("https://example.com/movie.mp4", { positionSeconds: 10 });
  expect(receiver.state.playback.url).toBe("https://example.com/movie.mp4");
  expect(service.credentials?.split(":")).toHaveLength(4);
  await receiver.close();
});
