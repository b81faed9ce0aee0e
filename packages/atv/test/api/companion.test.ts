/** scan → pair(Companion) → connect against the simulator's Companion device side, over loopback. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppleTVConfig } from "../../src/index.js";
import {
  FeatureName,
  FeatureState,
  KeyboardFocusState,
  MemoryStorage,
  PairingError,
  PairingRequirement,
  PowerState,
  Protocol,
  connect,
  pair,
  scan,
} from "../../src/index.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";

let sim: Simulator;
const PIN = "3141";
beforeAll(async () => {
  sim = await startSimulator({ pin: PIN, name: "Companion Room" });
});
afterAll(async () => {
  await sim.close();
});
const scanOpts = () => ({ hosts: ["127.0.0.1"], port: sim.info.ports.udns, timeout: 3, knock: false });

describe("Companion through scan, pair and connect", () => {
  it("scan finds the Companion service with pyatv's pairing requirement", async () => {
    const [device] = await scan({ ...scanOpts(), protocol: Protocol.Companion });
    const companion = device?.getService(Protocol.Companion);
    expect(companion?.port).toBe(sim.info.ports.companion);
    expect(companion?.identifier).toBe(sim.info.identifiers.companion);
    expect(companion?.pairing).toBe(PairingRequirement.Mandatory);
    expect(companion?.properties.get("rpMd")).toBe("AppleTV6,2");
  });

  it("refuses a wrong PIN, then pairs, stores and connects with the credentials", async () => {
    const storage = new MemoryStorage();
    const [device] = await scan({ ...scanOpts(), storage });
    const wrong = await pair(device as AppleTVConfig, Protocol.Companion, { storage, pin: "0000" });
    await wrong.begin();
    await expect(wrong.finish()).rejects.toBeInstanceOf(PairingError);
    await wrong.close();

    const handler = await pair(device as AppleTVConfig, Protocol.Companion, { storage, name: "api" });
    expect(handler.deviceProvidesPin).toBe(true);
    await handler.begin();
    handler.pin(PIN);
    await handler.finish();
    await handler.close();
    expect(handler.hasPaired).toBe(true);
    expect(storage.settings.some((s) => s.protocols.companion.credentials)).toBe(true);

    const [again] = await scan({ ...scanOpts(), storage });
    const atv = await connect(again as AppleTVConfig, { storage });
    try {
      expect((await atv.apps.appList()).map(String)).toEqual([
        "App: Music (com.apple.TVMusic)",
        "App: Netflix (com.netflix.Netflix)",
      ]);
      await atv.apps.launchApp("com.netflix.Netflix");
      expect(sim.companion?.state.activeApp).toBe("com.netflix.Netflix");
      expect((await atv.userAccounts.accountList()).map(String)).toEqual([
        "Account: Alice (account-1)",
        "Account: Bob (account-2)",
      ]);
      // Power prefers Companion; the facade answers from it.
      expect(atv.power.powerState).toBe(PowerState.On);
      await atv.power.turnOff({ awaitNewState: true });
      expect(sim.companion?.state.poweredOn).toBe(false);
      await atv.power.turnOn({ awaitNewState: true });
      expect(atv.features.getFeature(FeatureName.AppList).state).toBe(FeatureState.Available);
      expect(atv.features.getFeature(FeatureName.TextSet).state).toBe(FeatureState.Available);
      expect(atv.keyboard.textFocusState).toBe(KeyboardFocusState.Unfocused);
      // MRP still answers what it has (playing).
      expect((await atv.metadata.playing()).deviceState).toBeDefined();
    } finally {
      await atv.close();
    }
  });
});
