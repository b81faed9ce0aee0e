/**
 * @atv/functional-tests: one interface-level suite, written once and run
 * against each protocol's fake device over loopback (pyatv's
 * common_functional_tests). A protocol calls `functionalTests(harness)` from
 * one of its test files.
 */
import { describe } from "vitest";
import { audioTests } from "./audio.js";
import { connectionTests } from "./connection.js";
import { featureTests } from "./features.js";
import type { FunctionalHarness } from "./harness.js";
import { metadataTests } from "./metadata.js";
import { powerTests } from "./power.js";
import { pushUpdateTests } from "./push-updates.js";
import { remoteControlTests } from "./remote-control.js";
import { streamTests } from "./stream.js";

export type {
  FakeDevice,
  FakeOutputDeviceInit,
  FunctionalHarness,
  MediaInit,
  RecordedButton,
  RecordedCommand,
  SuiteArea,
} from "./harness.js";
export { eventually, sleep, useDevice, type SuiteContext } from "./context.js";

/** Registers the whole suite for one protocol. */
export function functionalTests(harness: FunctionalHarness): void {
  describe(`functional: ${harness.protocol}`, () => {
    remoteControlTests(harness);
    metadataTests(harness);
    pushUpdateTests(harness);
    audioTests(harness);
    powerTests(harness);
    featureTests(harness);
    connectionTests(harness);
    streamTests(harness);
  });
}
