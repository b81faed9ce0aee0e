/** Devices with stored credentials are connected at start-up (no request needed) and kept connected. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "@atv/test-utils";
import { MemoryStorage, Protocol, pair, scan } from "../../src/index.js";
import { startServer } from "../../src/serve/server.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ name: "Stored Room", pin: 4321 });
});
afterAll(async () => {
  await sim.close();
});

describe("stored devices", () => {
  it("connects a paired device at start-up and leaves unpaired ones idle until used", async () => {
    const storage = new MemoryStorage();
    const scanOptions = {
      hosts: ["127.0.0.1"],
      port: sim.info.ports.udns,
      timeout: 3,
      knock: false,
      storage,
    };
    const [config] = await scan(scanOptions);
    if (!config) throw new Error("simulator not found");
    const handler = await pair(config, Protocol.MRP, { storage });
    await handler.begin();
    handler.pin(4321);
    await handler.finish();
    await handler.close();

    await using paired = await startServer({
      scanHosts: ["127.0.0.1"],
      scanPort: sim.info.ports.udns,
      storage,
    });
    await paired.initialScan;
    const entry = paired.bridge.get(sim.info.identifiers.mrp);
    await until(() => entry.managed?.state === "connected", { what: "stored device connected" });

    await using fresh = await startServer({
      scanHosts: ["127.0.0.1"],
      scanPort: sim.info.ports.udns,
      storage: new MemoryStorage(),
    });
    await fresh.initialScan;
    expect(fresh.bridge.get(sim.info.identifiers.mrp).managed).toBeUndefined();
  });
});
