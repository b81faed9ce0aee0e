import { afterEach, beforeEach } from "vitest";
import type { AppleTV } from "@atv/core";
import type { FakeDevice, FunctionalHarness, SuiteArea } from "./harness.js";
import { until } from "@atv/test-utils";

/** The device and connected facade of the current test. */
export interface SuiteContext {
  readonly device: FakeDevice;
  readonly atv: AppleTV;
  /** True when the harness skips `area`. */
  skips(area: SuiteArea): boolean;
}

/** Starts a device and connects before each test; closes both after it. */
export function useDevice(harness: FunctionalHarness, prepare?: (device: FakeDevice) => void): SuiteContext {
  let device: FakeDevice | undefined;
  let atv: AppleTV | undefined;
  beforeEach(async () => {
    device = await harness.startDevice();
    prepare?.(device);
    atv = await harness.connect(device);
  });
  afterEach(async () => {
    await atv?.close();
    await device?.close();
    atv = undefined;
    device = undefined;
  });
  return {
    get device() {
      if (!device) throw new Error("no device: used outside a test");
      return device;
    },
    get atv() {
      if (!atv) throw new Error("not connected: used outside a test");
      return atv;
    },
    skips: (area) => harness.skip?.has(area) ?? false,
  };
}

/** Polls `predicate` until it is truthy (default 3 s): test-utils' `until` with this suite's defaults. */
export function eventually<T>(
  predicate: () => T | Promise<T>,
  what = "condition",
  timeoutMs = 3000,
): Promise<NonNullable<T>> {
  return until(predicate, { what, timeoutMs });
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
