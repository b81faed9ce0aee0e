/**
 * Runs @atv/functional-tests against MRP: the fake MRP device behind the
 * interface-level FakeDevice, and @atv/core's AppleTV facade connected to it
 * with paired credentials (pair-verify + encryption on every connection).
 */
import { randomBytes } from "node:crypto";
import {
  AppleTV,
  AppleTVConfig,
  BaseService,
  FeatureName,
  Protocol,
  RepeatState,
  ShuffleState,
  createSettings,
} from "@atv/core";
import { ed25519, parseCredentials } from "@atv/hap-crypto";
import type { FakeDevice, FunctionalHarness, MediaInit, RecordedCommand } from "@atv/functional-tests";
import { mrpProtocol } from "../../src/module.js";
import { MrpPairingHandler } from "../../src/pairing.js";
import { startMrpServer, type MrpServer, type NowPlayingOptions } from "../../src/server/index.js";
import { Command, RepeatMode, SendError, ShuffleMode } from "../../src/gen/atv/mrp/command_pb.js";

const COMMAND_NAMES: ReadonlyMap<Command, string> = new Map([
  [Command.PLAY, "play"],
  [Command.PAUSE, "pause"],
  [Command.TOGGLE_PLAY_PAUSE, "playPause"],
  [Command.STOP, "stop"],
  [Command.NEXT_TRACK, "next"],
  [Command.PREVIOUS_TRACK, "previous"],
  [Command.SKIP_FORWARD, "skipForward"],
  [Command.SKIP_BACKWARD, "skipBackward"],
  [Command.SEEK_TO_PLAYBACK_POSITION, "setPosition"],
  [Command.CHANGE_SHUFFLE_MODE, "setShuffle"],
  [Command.CHANGE_REPEAT_MODE, "setRepeat"],
]);
const COMMAND_BY_NAME = new Map([...COMMAND_NAMES].map(([c, n]) => [n, c]));
const FEATURE_COMMANDS: ReadonlyMap<FeatureName, Command> = new Map([
  [FeatureName.Play, Command.PLAY],
  [FeatureName.Pause, Command.PAUSE],
  [FeatureName.PlayPause, Command.TOGGLE_PLAY_PAUSE],
  [FeatureName.Stop, Command.STOP],
  [FeatureName.Next, Command.NEXT_TRACK],
  [FeatureName.Previous, Command.PREVIOUS_TRACK],
  [FeatureName.SkipForward, Command.SKIP_FORWARD],
  [FeatureName.SkipBackward, Command.SKIP_BACKWARD],
  [FeatureName.SetPosition, Command.SEEK_TO_PLAYBACK_POSITION],
  [FeatureName.SetShuffle, Command.CHANGE_SHUFFLE_MODE],
  [FeatureName.SetRepeat, Command.CHANGE_REPEAT_MODE],
]);
const SHUFFLE = {
  [ShuffleState.Off]: ShuffleMode.OFF,
  [ShuffleState.Albums]: ShuffleMode.ALBUMS,
  [ShuffleState.Songs]: ShuffleMode.SONGS,
};
const REPEAT = {
  [RepeatState.Off]: RepeatMode.OFF,
  [RepeatState.Track]: RepeatMode.ONE,
  [RepeatState.All]: RepeatMode.ALL,
};
const SHUFFLE_STATE = new Map<number, ShuffleState>([
  [ShuffleMode.OFF, ShuffleState.Off],
  [ShuffleMode.ALBUMS, ShuffleState.Albums],
  [ShuffleMode.SONGS, ShuffleState.Songs],
]);
const REPEAT_STATE = new Map<number, RepeatState>([
  [RepeatMode.OFF, RepeatState.Off],
  [RepeatMode.ONE, RepeatState.Track],
  [RepeatMode.ALL, RepeatState.All],
]);

function nowPlaying(init: MediaInit = {}): NowPlayingOptions {
  const { hash, app, itunesStoreIdentifier, ...rest } = init;
  return {
    ...rest,
    ...(hash === undefined ? {} : { itemIdentifier: hash }),
    ...(app === undefined ? {} : { app: { bundleIdentifier: app.identifier, name: app.name } }),
    ...(itunesStoreIdentifier === undefined ? {} : { iTunesStoreIdentifier: itunesStoreIdentifier }),
  };
}

/** A fake MRP device as the shared suite sees it. */
export class MrpFakeDevice implements FakeDevice {
  constructor(readonly server: MrpServer) {}

  get #useCases() {
    return this.server.useCases;
  }
  get #state() {
    return this.server.state;
  }

  nothingPlaying(): void {
    this.#useCases.nothingPlaying();
  }
  musicPlaying(init?: MediaInit): void {
    this.#useCases.musicPlaying(nowPlaying(init));
  }
  videoPlaying(init?: MediaInit): void {
    this.#useCases.videoPlaying(nowPlaying(init));
  }
  tvPlaying(init?: MediaInit): void {
    this.#useCases.tvPlaying(nowPlaying(init));
  }
  mediaIsLoading(): void {
    this.#useCases.mediaIsLoading();
  }
  changeTitle(title: string): void {
    this.#useCases.changeMetadata({ title });
  }
  setShuffle(state: ShuffleState): void {
    this.#useCases.setShuffle(SHUFFLE[state]);
  }
  setRepeat(state: RepeatState): void {
    this.#useCases.setRepeat(REPEAT[state]);
  }
  offerOnly(features: readonly FeatureName[]): void {
    const commands = features
      .map((f) => FEATURE_COMMANDS.get(f))
      .filter((c): c is Command => c !== undefined);
    this.#useCases.setSupportedCommands(commands);
  }
  failCommand(name: string): void {
    const command = COMMAND_BY_NAME.get(name);
    if (command === undefined) throw new RangeError(`unknown command ${name}`);
    this.#useCases.failCommand(command, SendError.NOT_SUPPORTED);
  }
  changeArtwork(bytes: Uint8Array, mimetype: string, width: number, height: number): void {
    this.#useCases.changeArtwork(bytes, mimetype, { width, height, identifier: "art-1" });
  }
  setVolume(percent: number): void {
    this.#useCases.setVolume(percent);
  }
  get volume(): number {
    return Math.round(this.#state.volume * 1000) / 10;
  }
  changeVolumeControl(available: boolean): void {
    this.#useCases.changeVolumeControl(available);
  }
  powerOff(): void {
    this.#useCases.powerOff();
  }
  powerOn(): void {
    this.#useCases.powerOn();
  }
  get poweredOn(): boolean {
    return this.#state.powerOn;
  }
  get lastButton() {
    const button = this.#state.lastButton;
    return button ? { key: button.key, action: button.action } : undefined;
  }
  get lastCommand(): RecordedCommand | undefined {
    const c = this.#state.lastCommand;
    if (!c) return undefined;
    const recorded: RecordedCommand = { name: COMMAND_NAMES.get(c.command) ?? `command-${c.command}` };
    if (c.skipInterval !== undefined) recorded.seconds = c.skipInterval;
    if (c.playbackPosition !== undefined) recorded.position = c.playbackPosition;
    const shuffle = c.shuffleMode === undefined ? undefined : SHUFFLE_STATE.get(c.shuffleMode);
    if (shuffle !== undefined) recorded.shuffle = shuffle;
    const repeat = c.repeatMode === undefined ? undefined : REPEAT_STATE.get(c.repeatMode);
    if (repeat !== undefined) recorded.repeat = repeat;
    return recorded;
  }
  setGroupedDevices(devices: readonly { identifier: string; name: string }[]): void {
    this.#useCases.setGroupedDevices(devices.map((d) => ({ ...d, volume: 0.5 })));
  }
  get groupedDeviceIds(): readonly string[] {
    return this.#state.groupedDevices.map((d) => d.identifier);
  }
  addKnownOutputDevice(device: { identifier: string; name: string }): void {
    this.#useCases.addKnownOutputDevice({ ...device, volume: 0.5 });
  }
  dropOnNextRequest(): void {
    this.server.setInterceptor((message) => {
      if (!message.identifier) return undefined;
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

/** One device identity and one real pairing for the whole run; each test gets a fresh device with it. */
const deviceLtsk = new Uint8Array(randomBytes(32));
const pairingId = "FA4E0000-0000-4000-8000-00000000FEED";
let credentials: Promise<string> | undefined;

async function pairOnce(): Promise<string> {
  const server = await startMrpServer({ pin: 2468, ltsk: deviceLtsk, identity: { pairingId } });
  try {
    const service = new BaseService({ protocol: Protocol.MRP, port: server.port });
    const handler = new MrpPairingHandler(undefined, service, { host: server.host, pin: 2468 });
    await handler.begin();
    await handler.finish();
    return service.credentials as string;
  } finally {
    await server.close();
  }
}

export async function startPairedDevice(): Promise<{ device: MrpFakeDevice; credentials: string }> {
  const text = await (credentials ??= pairOnce());
  const parsed = parseCredentials(text);
  if (parsed.kind !== "hap") throw new Error("pairing gave no HAP credentials");
  const server = await startMrpServer({ ltsk: deviceLtsk, identity: { pairingId, name: "Functional ATV" } });
  server.state.pairings.set(
    Buffer.from(parsed.clientId).toString("hex"),
    ed25519.generateKeyPair(parsed.ltsk).publicKey,
  );
  return { device: new MrpFakeDevice(server), credentials: text };
}

const credentialsByDevice = new WeakMap<FakeDevice, string>();

export const mrpHarness: FunctionalHarness = {
  protocol: "MRP",
  async startDevice() {
    const { device, credentials: text } = await startPairedDevice();
    credentialsByDevice.set(device, text);
    return device;
  },
  async connect(device) {
    const server = (device as MrpFakeDevice).server;
    const config = new AppleTVConfig({ address: server.host, name: server.state.identity.name });
    const service = new BaseService({
      protocol: Protocol.MRP,
      port: server.port,
      identifier: server.state.identity.uniqueIdentifier,
      properties: server.properties,
      credentials: credentialsByDevice.get(device),
    });
    config.addService(service);
    const settings = createSettings();
    const atv = new AppleTV(config, settings);
    for (const setup of mrpProtocol.setup({ config, service, settings, takeover: atv.takeover }))
      atv.addSetup(setup);
    await atv.connect();
    return atv;
  },
};
