/** `atv` exports the public API only; protocol plumbing stays in @atv/core. */
import { describe, expect, it } from "vitest";
import * as atv from "../../src/index.js";
import * as core from "@atv/core";

describe("atv's exports", () => {
  it("do not include internal plumbing", () => {
    for (const name of [
      "Relayer",
      "FacadeState",
      "relayCall",
      "PushUpdaterBase",
      "playingUpdates",
      "TypedEmitter",
      "iterateEmitter",
      "createLogger",
      "defaultPriority",
      "powerPriority",
      "SettingsSchema",
    ]) {
      expect(name in atv, name).toBe(false);
      expect(name in core, name).toBe(true); // still there for protocol authors
    }
  });

  it("include scan/pair/connect and what they hand out", () => {
    for (const name of [
      "scan",
      "scanIter",
      "pair",
      "connect",
      "AppleTV",
      "AppleTVConfig",
      "Playing",
      "Protocol",
      "FeatureName",
      "ConnectionLostError",
      "BlockedStateError",
      "FileStorage",
      "MemoryStorage",
      "createSettings",
      "nameOf",
    ]) {
      expect(name in atv, name).toBe(true);
    }
  });
});
