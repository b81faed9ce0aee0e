import type { FeatureName } from "./feature-name.js";
import type {
  FeatureState,
  InputAction,
  KeyboardFocusState,
  PowerState,
  RepeatState,
  ShuffleState,
  TouchAction,
} from "./enums.js";
import type { Playing } from "./playing.js";
import type { App, ArtworkInfo, FeatureInfo, MediaMetadata, OutputDevice, UserAccount } from "./values.js";

/** Options every async public call accepts. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** The remote: buttons and playback commands. Every method resolves when the device got the command. */
export interface RemoteControl {
  up(action?: InputAction, options?: CallOptions): Promise<void>;
  down(action?: InputAction, options?: CallOptions): Promise<void>;
  left(action?: InputAction, options?: CallOptions): Promise<void>;
  right(action?: InputAction, options?: CallOptions): Promise<void>;
  play(options?: CallOptions): Promise<void>;
  playPause(options?: CallOptions): Promise<void>;
  pause(options?: CallOptions): Promise<void>;
  stop(options?: CallOptions): Promise<void>;
  next(options?: CallOptions): Promise<void>;
  previous(options?: CallOptions): Promise<void>;
  select(action?: InputAction, options?: CallOptions): Promise<void>;
  menu(action?: InputAction, options?: CallOptions): Promise<void>;
  /** @deprecated use Audio.volumeUp */
  volumeUp(options?: CallOptions): Promise<void>;
  /** @deprecated use Audio.volumeDown */
  volumeDown(options?: CallOptions): Promise<void>;
  home(action?: InputAction, options?: CallOptions): Promise<void>;
  /** @deprecated use home(InputAction.Hold) */
  homeHold(options?: CallOptions): Promise<void>;
  topMenu(options?: CallOptions): Promise<void>;
  /** @deprecated use Power.turnOff */
  suspend(options?: CallOptions): Promise<void>;
  /** @deprecated use Power.turnOn */
  wakeup(options?: CallOptions): Promise<void>;
  /** Skip forward; a value ≤ 0 uses the app's (or the default 10 s) interval. */
  skipForward(timeIntervalSeconds?: number, options?: CallOptions): Promise<void>;
  skipBackward(timeIntervalSeconds?: number, options?: CallOptions): Promise<void>;
  /** Seek to a position in seconds. */
  setPosition(positionSeconds: number, options?: CallOptions): Promise<void>;
  setShuffle(state: ShuffleState, options?: CallOptions): Promise<void>;
  setRepeat(state: RepeatState, options?: CallOptions): Promise<void>;
  channelUp(options?: CallOptions): Promise<void>;
  channelDown(options?: CallOptions): Promise<void>;
  screensaver(options?: CallOptions): Promise<void>;
  guide(options?: CallOptions): Promise<void>;
  controlCenter(options?: CallOptions): Promise<void>;
}

export interface ArtworkOptions extends CallOptions {
  /** Requested width; `null` keeps the aspect ratio from height. Default 512. */
  width?: number | null;
  height?: number | null;
}

/** What is playing and its artwork. */
export interface Metadata {
  /** A unique id of the device (the config's identifier). */
  readonly deviceId: string | undefined;
  artwork(options?: ArtworkOptions): Promise<ArtworkInfo | undefined>;
  /** Id of the current artwork (a cache key). */
  readonly artworkId: string | undefined;
  playing(options?: CallOptions): Promise<Playing>;
  /** The app that is playing (not the foreground app). */
  readonly app: App | undefined;
}

export interface PushUpdaterEvents {
  playing: [playing: Playing];
  error: [error: Error];
}

/** Live updates of what is playing. */
export interface PushUpdater {
  readonly active: boolean;
  /** Start delivering updates (call again after an error). */
  start(initialDelaySeconds?: number): void;
  stop(): void;
  on<K extends keyof PushUpdaterEvents>(
    event: K,
    listener: (...args: PushUpdaterEvents[K]) => void,
  ): () => void;
  off<K extends keyof PushUpdaterEvents>(event: K, listener: (...args: PushUpdaterEvents[K]) => void): void;
  /** `for await (const playing of pushUpdater.updates())`: ends when `signal` aborts or the loop breaks. */
  updates(options?: CallOptions): AsyncIterableIterator<Playing>;
}

/** How far a `streamFile` has got (RAOP reports it about once a second and at the end). */
export interface StreamFileProgress {
  /** Seconds of the source sent. */
  readonly position: number;
  /** Seconds in the source, when known. */
  readonly duration: number | undefined;
  readonly framesSent: number;
}

export interface StreamFileOptions extends CallOptions {
  metadata?: MediaMetadata;
  overrideMissingMetadata?: boolean;
  /** Called with the stream's progress (not a pyatv option; for progress bars). */
  onProgress?: (progress: StreamFileProgress) => void;
}

/** Streaming to the device. */
export interface Stream {
  /** Play a URL (AirPlay); resolves when playback ends. */
  playUrl(url: string, options?: CallOptions & { positionSeconds?: number }): Promise<void>;
  /** Stream audio (RAOP) from a path, URL or byte stream. */
  streamFile(file: string | AsyncIterable<Uint8Array>, options?: StreamFileOptions): Promise<void>;
  close(): void;
}

export interface PowerEvents {
  powerStateChanged: [oldState: PowerState, newState: PowerState];
}

export interface PowerOptions extends CallOptions {
  /** Resolve only once the device reports the new state. */
  awaitNewState?: boolean;
}

export interface Power {
  readonly powerState: PowerState;
  turnOn(options?: PowerOptions): Promise<void>;
  turnOff(options?: PowerOptions): Promise<void>;
  on<K extends keyof PowerEvents>(event: K, listener: (...args: PowerEvents[K]) => void): () => void;
  off<K extends keyof PowerEvents>(event: K, listener: (...args: PowerEvents[K]) => void): void;
}

export interface Features {
  getFeature(name: FeatureName): FeatureInfo;
  /** Every feature; Unsupported ones only when `includeUnsupported`. */
  allFeatures(includeUnsupported?: boolean): Map<FeatureName, FeatureInfo>;
  /** True if every named feature is in one of `states`. */
  inState(states: FeatureState | readonly FeatureState[], ...names: FeatureName[]): boolean;
}

export interface Apps {
  appList(options?: CallOptions): Promise<App[]>;
  launchApp(bundleIdOrUrl: string, options?: CallOptions): Promise<void>;
}

export interface UserAccounts {
  accountList(options?: CallOptions): Promise<UserAccount[]>;
  switchAccount(accountId: string, options?: CallOptions): Promise<void>;
}

export interface AudioEvents {
  volumeChanged: [oldLevel: number, newLevel: number];
  outputDeviceVolumeChanged: [device: OutputDevice, oldLevel: number, newLevel: number];
  outputDevicesChanged: [oldDevices: readonly OutputDevice[], newDevices: readonly OutputDevice[]];
}

/** Volume in percent, 0.0–100.0. */
export interface Audio {
  readonly volume: number;
  setVolume(level: number, options?: CallOptions & { outputDevice?: OutputDevice }): Promise<void>;
  volumeUp(options?: CallOptions): Promise<void>;
  volumeDown(options?: CallOptions): Promise<void>;
  readonly outputDevices: readonly OutputDevice[];
  addOutputDevices(deviceIds: readonly string[], options?: CallOptions): Promise<void>;
  removeOutputDevices(deviceIds: readonly string[], options?: CallOptions): Promise<void>;
  setOutputDevices(deviceIds: readonly string[], options?: CallOptions): Promise<void>;
  on<K extends keyof AudioEvents>(event: K, listener: (...args: AudioEvents[K]) => void): () => void;
  off<K extends keyof AudioEvents>(event: K, listener: (...args: AudioEvents[K]) => void): void;
}

export interface KeyboardEvents {
  focusStateChanged: [oldState: KeyboardFocusState, newState: KeyboardFocusState];
}

export interface Keyboard {
  readonly textFocusState: KeyboardFocusState;
  textGet(options?: CallOptions): Promise<string | undefined>;
  textClear(options?: CallOptions): Promise<void>;
  textAppend(text: string, options?: CallOptions): Promise<void>;
  textSet(text: string, options?: CallOptions): Promise<void>;
  on<K extends keyof KeyboardEvents>(event: K, listener: (...args: KeyboardEvents[K]) => void): () => void;
  off<K extends keyof KeyboardEvents>(event: K, listener: (...args: KeyboardEvents[K]) => void): void;
}

/** Touch gestures; coordinates run 0–1000. */
export interface TouchGestures {
  swipe(
    startX: number,
    startY: number,
    endX: number,
    endY: number,
    durationMs: number,
    options?: CallOptions,
  ): Promise<void>;
  action(x: number, y: number, mode: TouchAction, options?: CallOptions): Promise<void>;
  click(action: InputAction, options?: CallOptions): Promise<void>;
}

export interface DeviceEvents {
  /** The connection was lost unexpectedly. */
  connectionLost: [error: Error];
  /** The device closed the connection cleanly. */
  connectionClosed: [];
}

/** Names of the capability interfaces a protocol can implement. */
export const interfaceNames = [
  "remoteControl",
  "metadata",
  "pushUpdater",
  "stream",
  "power",
  "features",
  "apps",
  "userAccounts",
  "audio",
  "keyboard",
  "touch",
] as const;
export type InterfaceName = (typeof interfaceNames)[number];

/** The full interface type behind each name. */
export interface InterfaceTypes {
  remoteControl: RemoteControl;
  metadata: Metadata;
  pushUpdater: PushUpdater;
  stream: Stream;
  power: Power;
  features: Features;
  apps: Apps;
  userAccounts: UserAccounts;
  audio: Audio;
  keyboard: Keyboard;
  touch: TouchGestures;
}
