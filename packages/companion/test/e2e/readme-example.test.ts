/** The README's example, verbatim apart from the assertions. */
import { expect, it } from "vitest";
import { BaseService, InputAction, Protocol } from "@atv/core";
import { CompanionPairingHandler, CompanionSetup, startCompanionServer } from "../../src/index.js";

it("runs the README example", async () => {
  const device = await startCompanionServer({ pin: 1234, identity: { name: "Living Room" } });

  const service = new BaseService({ protocol: Protocol.Companion, port: device.port });
  const pairing = new CompanionPairingHandler(undefined, service, { host: device.host });
  await pairing.begin(); // the device "shows" 1234
  pairing.pin(1234);
  await pairing.finish(); // service.credentials is set

  const companion = new CompanionSetup({
    host: device.host,
    port: device.port,
    credentials: service.credentials!,
  });
  await companion.connect(); // pair-verify, then every frame is encrypted
  const { apps, remoteControl, power } = companion.capabilities;
  const list = (await apps.appList()).join(", "); // "App: Music (com.apple.TVMusic), App: Netflix (…)"
  await apps.launchApp("com.netflix.Netflix");
  await remoteControl.select(InputAction.DoubleTap);
  await power.turnOff({ awaitNewState: true });
  await companion.close();
  await device.close();

  expect(list).toBe("App: Music (com.apple.TVMusic), App: Netflix (com.netflix.Netflix)");
  expect(device.state.activeApp).toBe("com.netflix.Netflix");
  expect(device.state.poweredOn).toBe(false);
});
