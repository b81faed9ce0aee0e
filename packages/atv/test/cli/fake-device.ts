/**
 * A fake device for in-process CLI tests: a real AppleTV facade (from @atv/core)
 * over a fake MRP protocol setup that records every call, plus scan/connect/pair
 * fakes with the library's signatures.
 */
import {
  AppleTV,
  AppleTVConfig,
  App,
  ConnectionLostError,
  DeviceInfo,
  FeatureName,
  FeatureState,
  InputAction,
  ManualService,
  MemoryStorage,
  PairingError,
  PairingRequirement,
  Playing,
  PowerState,
  Protocol,
  featureInfo,
  type ArtworkOptions,
  type AudioEvents,
  type CallOptions,
  type DeviceEvents,
  type OutputDevice,
  type PairingHandler,
  type PairOptions,
  type PowerEvents,
  type ScanOptions,
} from "../../src/index.js";
// Protocol plumbing is not part of atv's public API: the fake protocol imports it from @atv/core.
import { PushUpdaterBase, TypedEmitter, type ProtocolSetup } from "@atv/core";
import type { AtvLibrary } from "../../src/cli/library.js";
import { atv } from "./harness.js";

export class FakeUpdater extends PushUpdaterBase {
  starts = 0;
  protected onStart(): void {
    this.starts++;
  }
  protected onStop(): void {}
  push(p: Playing): void {
    this.postUpdate(p);
  }
}

export class FakeEvents extends TypedEmitter<DeviceEvents> {
  lose(e: Error): void {
    this.emit("connectionLost", e);
  }
  closeCleanly(): void {
    this.emit("connectionClosed");
  }
}

export class FakePower extends TypedEmitter<PowerEvents> {
  powerState: PowerState = PowerState.On;
  change(to: PowerState): void {
    const old = this.powerState;
    this.powerState = to;
    this.emit("powerStateChanged", old, to);
  }
}

export class FakeAudio extends TypedEmitter<AudioEvents> {
  volume = 20;
  outputDevices: OutputDevice[] = [{ identifier: "AA:BB", name: "Living Room" }];
  constructor(private readonly calls: string[]) {
    super();
  }
  setVolume(level: number): Promise<void> {
    this.calls.push(`setVolume(${level})`);
    const old = this.volume;
    this.volume = level;
    this.emit("volumeChanged", old, level);
    return Promise.resolve();
  }
  volumeUp(): Promise<void> {
    this.calls.push("audio.volumeUp");
    return Promise.resolve();
  }
  volumeDown(): Promise<void> {
    this.calls.push("audio.volumeDown");
    return Promise.resolve();
  }
}

export interface FakeWorld {
  lib: AtvLibrary;
  /** Calls the fake protocol received, e.g. `playPause`, `up(2)`, `setVolume(40)`. */
  calls: string[];
  config: AppleTVConfig;
  /** Every scan's options. */
  scans: ScanOptions[];
  connects: number;
  /** Credentials each connect saw on the MRP service. */
  connectCredentials: (string | undefined)[];
  updater: FakeUpdater;
  power: FakePower;
  audio: FakeAudio;
  events: FakeEvents;
  playing: Playing;
  /** Opened devices (to check they are closed). */
  devices: AppleTV[];
  pairings: { pin?: string; name?: string; began: boolean; closed: boolean }[];
  /** Sizes asked of metadata.artwork(). */
  artworkRequests: { width: number | null | undefined; height: number | null | undefined }[];
}

export interface WorldOptions {
  /** Devices the scan finds (default: one). */
  devices?: number;
  /** Omit the power interface (turn_on is then unsupported). */
  noPower?: boolean;
  /** The PIN the fake pairing accepts. */
  pin?: string;
  /**
   * false: the user types the PIN on the device (as DMAP); then a pairing that
   * was never given a PIN accepts any (pyatv's DMAP pin(None)). Default true.
   */
  deviceProvidesPin?: boolean;
  /** Identifier of the first device. */
  identifier?: string;
  /** Services the first device has besides MRP (to pair them). */
  extraServices?: readonly Protocol[];
}

export function makeConfig(name: string, identifier: string, address = "127.0.0.1"): AppleTVConfig {
  const config = new AppleTVConfig({
    address,
    name,
    deviceInfo: new DeviceInfo({
      model: atv.DeviceModel.Gen4K,
      os: atv.OperatingSystem.TvOS,
      version: "17.0",
      mac: "AA:BB:CC:DD:EE:FF",
    }),
  });
  config.addService(
    new ManualService(identifier, Protocol.MRP, 49152, {}, { pairing: PairingRequirement.Mandatory }),
  );
  return config;
}

export function fakeWorld(options: WorldOptions = {}): FakeWorld {
  const calls: string[] = [];
  const configs = Array.from({ length: options.devices ?? 1 }, (_, i) =>
    makeConfig(
      i === 0 ? "Living Room" : `Room ${i + 1}`,
      i === 0 ? (options.identifier ?? "ID-LIVING") : `ID-${i + 1}`,
    ),
  );
  for (const [n, protocol] of (options.extraServices ?? []).entries()) {
    configs[0]?.addService(
      new ManualService(`ID-EXTRA-${n}`, protocol, 50000 + n, {}, { pairing: PairingRequirement.Mandatory }),
    );
  }
  const world: FakeWorld = {
    lib: atv,
    calls,
    config: configs[0] ?? makeConfig("none", "none"),
    scans: [],
    connects: 0,
    connectCredentials: [],
    updater: new FakeUpdater(),
    power: new FakePower(),
    audio: new FakeAudio(calls),
    events: new FakeEvents(),
    playing: new Playing({
      mediaType: atv.MediaType.Music,
      deviceState: atv.DeviceState.Playing,
      title: "Song",
      artist: "Artist",
      totalTime: 200,
      position: 0,
      shuffle: atv.ShuffleState.Off,
    }),
    devices: [],
    pairings: [],
    artworkRequests: [],
  };
  const record =
    (name: string) =>
    (...args: unknown[]): Promise<void> => {
      const shown = args.filter((a) => typeof a === "number" || typeof a === "string");
      calls.push(shown.length > 0 ? `${name}(${shown.join(",")})` : name);
      return Promise.resolve();
    };

  const scan = (scanOptions: ScanOptions = {}): Promise<AppleTVConfig[]> => {
    world.scans.push(scanOptions);
    const wanted = scanOptions.identifier === undefined ? undefined : new Set(scanOptions.identifier);
    const found = configs
      .filter((c) => !wanted || c.allIdentifiers.some((id) => wanted.has(id)))
      .map((c) => c.clone());
    return Promise.all(
      found.map(async (c) => {
        if (scanOptions.storage) c.apply(await scanOptions.storage.getSettings(c));
        return c;
      }),
    );
  };

  const connect = async (
    config: AppleTVConfig,
    connectOptions: { storage?: atv.Storage; signal?: AbortSignal } = {},
  ): Promise<AppleTV> => {
    world.connects++;
    const copy = config.clone();
    const storage = connectOptions.storage ?? new MemoryStorage();
    const settings = await storage.getSettings(copy);
    copy.apply(settings);
    world.connectCredentials.push(copy.getService(Protocol.MRP)?.credentials);
    const device = new AppleTV(copy, settings);
    const rc = Object.fromEntries(
      [
        "up",
        "down",
        "left",
        "right",
        "play",
        "playPause",
        "pause",
        "stop",
        "next",
        "previous",
        "select",
        "menu",
        "volumeUp",
        "volumeDown",
        "home",
        "homeHold",
        "topMenu",
        "skipForward",
        "skipBackward",
        "setPosition",
        "setShuffle",
        "setRepeat",
      ].map((m) => [m, record(m)]),
    );
    const setup: ProtocolSetup = {
      protocol: Protocol.MRP,
      interfaces: {
        remoteControl: rc,
        metadata: {
          playing: () => Promise.resolve(world.playing),
          artwork: (o?: ArtworkOptions) => {
            world.artworkRequests.push({ width: o?.width, height: o?.height });
            return Promise.resolve({
              bytes: Uint8Array.of(0x89, 0x50, 0x4e, 0x47),
              mimetype: "image/png",
              width: 2,
              height: 1,
            });
          },
          get app() {
            return new App("Music", "com.apple.Music");
          },
        },
        pushUpdater: world.updater,
        audio: world.audio,
        features: {
          getFeature: (name: FeatureName) =>
            featureInfo(setup.features.has(name) ? FeatureState.Available : FeatureState.Unsupported),
        },
        ...(options.noPower ? {} : { power: world.power }),
      },
      features: new Set([
        FeatureName.Play,
        FeatureName.PlayPause,
        FeatureName.App,
        FeatureName.Volume,
        FeatureName.PushUpdates,
      ]),
      connect: () => Promise.resolve(),
      close: () => Promise.resolve(),
      deviceInfo: () => ({
        model: atv.DeviceModel.Gen4K,
        os: atv.OperatingSystem.TvOS,
        version: "17.0",
        mac: "AA:BB:CC:DD:EE:FF",
      }),
      events: world.events,
    };
    device.addSetup(setup);
    await device.connect(connectOptions.signal ? { signal: connectOptions.signal } : {});
    world.devices.push(device);
    return device;
  };

  const pair = (
    config: AppleTVConfig,
    protocol: Protocol,
    pairOptions: PairOptions = {},
  ): Promise<PairingHandler> => {
    const service = config.getService(protocol);
    if (!service) return Promise.reject(new atv.NoServiceError(`no service for ${protocol}`));
    const state = { began: false, closed: false } as FakeWorld["pairings"][number];
    if (pairOptions.name !== undefined) state.name = pairOptions.name;
    world.pairings.push(state);
    let paired = false;
    const handler: PairingHandler = {
      service,
      deviceProvidesPin: options.deviceProvidesPin ?? true,
      get hasPaired() {
        return paired;
      },
      begin: (_o?: CallOptions) => {
        state.began = true;
        return Promise.resolve();
      },
      pin: (pin: number | string) => {
        state.pin = atv.formatPin(pin);
      },
      finish: async () => {
        const anyPin = options.deviceProvidesPin === false && state.pin === undefined;
        if (!anyPin && state.pin !== (options.pin ?? "1234")) throw new PairingError("wrong PIN");
        paired = true;
        service.credentials = "aa:bb:cc:dd";
        if (pairOptions.storage) {
          await pairOptions.storage.updateSettings(config);
          await pairOptions.storage.save();
        }
      },
      close: () => {
        state.closed = true;
        return Promise.resolve();
      },
      [Symbol.asyncDispose]: () => Promise.resolve(),
    };
    return Promise.resolve(handler);
  };

  const lib: AtvLibrary = { ...atv, scan, connect, pair };
  world.lib = lib;
  return world;
}

export { ConnectionLostError, InputAction };
