/** `vitest bench`: a command round trip through the AirPlay 2 tunnel next to direct MRP (both encrypted, loopback). */
import { afterAll, beforeAll, bench, describe } from "vitest";
import { startFixture, type Fixture } from "./tunnel-fixture.js";

let fixture: Fixture;
beforeAll(async () => {
  fixture = await startFixture();
});
afterAll(async () => {
  await fixture.close();
});

describe("command round trip (play → SendCommandResult), client and device in one process", () => {
  bench("direct MRP (TCP, MRP pair-verify)", async () => {
    await fixture.direct.capabilities.remoteControl.play();
  });
  bench("MRP through the AirPlay 2 tunnel", async () => {
    await fixture.tunnel.capabilities.remoteControl.play();
  });
});
