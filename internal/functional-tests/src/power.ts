import { describe, expect, it } from "vitest";
import { FeatureName, FeatureState, PowerState } from "@atv/core";
import { eventually, useDevice } from "./context.js";
import type { FunctionalHarness } from "./harness.js";

export function powerTests(harness: FunctionalHarness): void {
  describe.skipIf(harness.skip?.has("power") ?? false)("Power", () => {
    const ctx = useDevice(harness);

    it("reports the power state and its changes", async () => {
      expect(ctx.atv.power.powerState).toBe(PowerState.On);
      expect(
        ctx.atv.features.inState(
          FeatureState.Available,
          FeatureName.PowerState,
          FeatureName.TurnOn,
          FeatureName.TurnOff,
        ),
      ).toBe(true);
      const changes: [PowerState, PowerState][] = [];
      ctx.atv.power.on("powerStateChanged", (o, n) => changes.push([o, n]));
      ctx.device.powerOff();
      await eventually(() => ctx.atv.power.powerState === PowerState.Off, "Off");
      ctx.device.powerOn();
      await eventually(() => ctx.atv.power.powerState === PowerState.On, "On");
      expect(changes).toEqual([
        [PowerState.On, PowerState.Off],
        [PowerState.Off, PowerState.On],
      ]);
    });

    it("turnOff and turnOn, awaiting the new state", async () => {
      await ctx.atv.power.turnOff({ awaitNewState: true });
      expect(ctx.device.poweredOn).toBe(false);
      expect(ctx.atv.power.powerState).toBe(PowerState.Off);
      await ctx.atv.power.turnOn({ awaitNewState: true });
      expect(ctx.device.poweredOn).toBe(true);
      expect(ctx.atv.power.powerState).toBe(PowerState.On);
    });
  });
}
