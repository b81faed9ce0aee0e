/**
 * Runs @atv/functional-tests against DMAP: the fake Apple TV 3 behind the interface-level
 * FakeDevice, and @atv/core's AppleTV facade logged in with the Home Sharing id.
 *
 * Skipped areas and why (DMAP as pyatv implements it):
 * - buttons: DMAP has no double-tap/hold and no home button (pyatv ignores InputAction).
 * - playback: skip is emulated by seeking, shuffle has no "albums" mode, features are
 *   Unknown (not per-app), and a refused command is NotSupportedError (HTTP 500).
 * - metadata: pyatv reports totalTime 0 (not absent) when nothing plays; series/app do not exist.
 * - artwork: DMAP does not give the size (-1) and Artwork is always Unknown.
 * - volume: pyatv 0.18 has no DMAP Audio (we add setVolume, but no level push).
 * - connectionLoss: plain HTTP requests; a failed command does not end a "connection".
 * Those behaviours are covered by the package's own loopback tests.
 */
import {
  AppleTV,
  AppleTVConfig,
  BaseService,
  Protocol,
  RepeatState,
  ShuffleState,
  createSettings,
} from "@atv/core";
import type {
  FakeDevice,
  FunctionalHarness,
  MediaInit,
  RecordedButton,
  RecordedCommand,
} from "@atv/functional-tests";
import { dmapProtocol } from "../../src/module.js";
import { PlayStatus, startDmapServer, type DmapServer, type MediaOptions } from "../../src/server/index.js";

function media(init: MediaInit = {}): MediaOptions {
  const out: MediaOptions = {};
  if (init.title !== undefined) out.title = init.title;
  if (init.artist !== undefined) out.artist = init.artist;
  if (init.album !== undefined) out.album = init.album;
  if (init.genre !== undefined) out.genre = init.genre;
  if (init.totalTime !== undefined) out.totalTime = init.totalTime;
  if (init.position !== undefined) out.position = init.position;
  if (init.paused !== undefined) out.paused = init.paused;
  return out;
}

const COMMANDS: Readonly<Record<string, string>> = {
  play: "play",
  pause: "pause",
  playpause: "playPause",
  stop: "stop",
  nextitem: "next",
  previtem: "previous",
};

class DmapFakeDevice implements FakeDevice {
  constructor(readonly server: DmapServer) {}

  nothingPlaying(): void {
    this.server.useCases.nothingPlaying();
  }
  musicPlaying(init?: MediaInit): void {
    this.server.useCases.musicPlaying(media(init));
  }
  videoPlaying(init?: MediaInit): void {
    this.server.useCases.videoPlaying(media(init));
  }
  tvPlaying(init?: MediaInit): void {
    this.server.useCases.videoPlaying({ ...media(init), mediaKind: 64 });
  }
  mediaIsLoading(): void {
    this.server.useCases.setPlayStatus(PlayStatus.Loading);
  }
  changeTitle(title: string): void {
    this.server.state.update((s) => (s.nowPlaying = { ...s.nowPlaying, title }));
  }
  setShuffle(state: ShuffleState): void {
    this.server.useCases.setShuffle(state !== ShuffleState.Off);
  }
  setRepeat(state: RepeatState): void {
    this.server.useCases.setRepeat(state === RepeatState.Track ? 1 : state === RepeatState.All ? 2 : 0);
  }
  offerOnly(): void {
    throw new Error("DMAP does not tell which commands an app offers");
  }
  failCommand(): void {
    throw new Error("not modelled for DMAP");
  }
  changeArtwork(bytes: Uint8Array): void {
    this.server.state.update((s) => (s.artwork = bytes));
  }
  setVolume(percent: number): void {
    this.server.state.update((s) => (s.volume = percent));
  }
  get volume(): number {
    return this.server.state.volume;
  }
  changeVolumeControl(available: boolean): void {
    this.server.useCases.setVolumeControllable(available);
  }
  powerOff(): void {
    throw new Error("DMAP has no power control");
  }
  powerOn(): void {
    throw new Error("DMAP has no power control");
  }
  get poweredOn(): boolean {
    return true;
  }
  get lastButton(): RecordedButton | undefined {
    const b = this.server.state.lastButton;
    return b === undefined ? undefined : { key: b === "topmenu" ? "topMenu" : b, action: 0 };
  }
  get lastCommand(): RecordedCommand | undefined {
    const b = this.server.state.lastButton;
    const name = b === undefined ? undefined : COMMANDS[b];
    return name === undefined ? undefined : { name };
  }
  setGroupedDevices(): void {
    throw new Error("DMAP has no output devices");
  }
  get groupedDeviceIds(): readonly string[] {
    return [];
  }
  addKnownOutputDevice(): void {
    throw new Error("DMAP has no output devices");
  }
  dropOnNextRequest(): void {
    throw new Error("not modelled for DMAP");
  }
  dropConnections(): void {
    throw new Error("not modelled for DMAP");
  }
  close(): Promise<void> {
    return this.server.close();
  }
}

export const dmapHarness: FunctionalHarness = {
  protocol: "DMAP",
  skip: new Set([
    "buttons",
    "playback",
    "metadata",
    "series",
    "artwork",
    "volume",
    "outputDevices",
    "power",
    "app",
    "connectionLoss",
  ]),
  async startDevice() {
    return new DmapFakeDevice(await startDmapServer({ name: "Functional ATV3" }));
  },
  async connect(device) {
    const server = (device as DmapFakeDevice).server;
    const config = new AppleTVConfig({ address: "127.0.0.1", name: server.name });
    const service = new BaseService({
      protocol: Protocol.DMAP,
      port: server.port,
      identifier: "FUNCTIONAL0000001",
      properties: server.homeSharingProperties,
      credentials: server.hsgid,
    });
    config.addService(service);
    const settings = createSettings();
    const atv = new AppleTV(config, settings);
    for (const setup of dmapProtocol.setup({ config, service, settings, takeover: atv.takeover }))
      atv.addSetup(setup);
    await atv.connect();
    return atv;
  },
};
