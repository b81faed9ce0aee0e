/**
 * Runs @atv/functional-tests against Companion: the fake Companion device behind the interface-
 * level FakeDevice, and @atv/core's facade connected to it with paired credentials (pair-verify
 * and encryption on every connection). Companion carries no now-playing state, so the playback,
 * metadata, artwork, push-update, output-device and app areas are skipped, as is topMenu
 * (pyatv sends no Top Menu over Companion).
 */
import { InputAction, type AppleTV, type FeatureName } from "@atv/core";
import { until } from "@atv/test-utils";
import type { FakeDevice, FunctionalHarness, RecordedButton, SuiteArea } from "@atv/functional-tests";
import { HidCommand, MediaControlFlags } from "../../src/codec/constants.js";
import { startCompanionServer, type CompanionServer } from "../../src/server/index.js";
import { connectFacade } from "../helpers/facade.js";
import { pairWith } from "../helpers/paired.js";

const KEYS = new Map<number, string>([
  [HidCommand.Up, "up"],
  [HidCommand.Down, "down"],
  [HidCommand.Left, "left"],
  [HidCommand.Right, "right"],
  [HidCommand.Select, "select"],
  [HidCommand.Menu, "menu"],
  [HidCommand.Home, "home"],
  [HidCommand.VolumeUp, "volumeUp"],
  [HidCommand.VolumeDown, "volumeDown"],
  [HidCommand.PlayPause, "playPause"],
]);

class CompanionFakeDevice implements FakeDevice {
  credentials: string | undefined;
  constructor(readonly server: CompanionServer) {}

  // Companion has no now-playing state: these intents have nothing to change.
  nothingPlaying(): void {}
  musicPlaying(): void {}
  videoPlaying(): void {}
  tvPlaying(): void {}
  mediaIsLoading(): void {}
  changeTitle(): void {}
  setShuffle(): void {}
  setRepeat(): void {}
  offerOnly(_features: readonly FeatureName[]): void {}
  failCommand(): void {}
  changeArtwork(): void {}
  setGroupedDevices(): void {}
  addKnownOutputDevice(): void {}
  get groupedDeviceIds(): readonly string[] {
    return [];
  }
  get lastCommand(): undefined {
    return undefined;
  }

  setVolume(percent: number): void {
    this.server.useCases.setVolume(percent);
  }
  get volume(): number {
    return Math.round(this.server.state.volume * 100_000) / 1000;
  }
  changeVolumeControl(available: boolean): void {
    const flags = this.server.state.mediaControlFlags;
    this.server.useCases.setMediaControlFlags(
      available ? flags | MediaControlFlags.Volume : flags & ~MediaControlFlags.Volume,
    );
  }
  powerOff(): void {
    this.server.useCases.powerOff();
  }
  powerOn(): void {
    this.server.useCases.powerOn();
  }
  get poweredOn(): boolean {
    return this.server.state.poweredOn;
  }
  get lastButton(): RecordedButton | undefined {
    const last = this.server.state.buttons.at(-1);
    if (!last) return undefined;
    return { key: KEYS.get(last.code) ?? `hid:${last.code}`, action: last.action ?? InputAction.SingleTap };
  }
  dropOnNextRequest(): void {
    this.server.setInterceptor((message) => {
      if (message.kind !== 2) return undefined;
      this.server.setInterceptor(undefined);
      return "drop";
    });
  }
  dropConnections(): void {
    this.server.dropConnections();
  }
  close(): Promise<void> {
    return this.server.close();
  }
}

const credentialsCache = new WeakMap<CompanionFakeDevice, string>();

export const companionHarness: FunctionalHarness = {
  protocol: "Companion",
  skip: new Set<SuiteArea>([
    "topMenu",
    "playback",
    "metadata",
    "series",
    "artwork",
    "pushUpdates",
    "outputDevices",
    "app",
  ]),
  async startDevice() {
    const device = new CompanionFakeDevice(await startCompanionServer());
    credentialsCache.set(device, await pairWith(device.server));
    return device;
  },
  async connect(device): Promise<AppleTV> {
    const fake = device as CompanionFakeDevice;
    const atv = await connectFacade(fake.server, credentialsCache.get(fake) ?? "");
    // Subscriptions are events (no answer): wait until the device has them before a test pushes.
    const state = fake.server.state;
    await until(() => state.received.filter((i) => i === "_interest").length >= 3, { what: "subscriptions" });
    return atv;
  },
};
