/**
 * What a protocol provides to run the shared suite: a fake device driven by
 * intent (protocol-neutral names and @atv/core enums) and a way to connect
 * @atv/core's AppleTV facade to it over loopback.
 */
import type { AppleTV, FeatureName, InputAction, RepeatState, ShuffleState } from "@atv/core";

/** What is playing, in protocol-neutral terms. */
export interface MediaInit {
  title?: string;
  artist?: string;
  album?: string;
  genre?: string;
  /** Seconds. */
  totalTime?: number;
  /** Seconds. */
  position?: number;
  paused?: boolean;
  seriesName?: string;
  seasonNumber?: number;
  episodeNumber?: number;
  contentIdentifier?: string;
  itunesStoreIdentifier?: number;
  /** A protocol-level item identifier (becomes Playing.hash where the protocol has one). */
  hash?: string;
  app?: { identifier: string; name: string };
}

/** A button as the device understood it: the RemoteControl method name and the action. */
export interface RecordedButton {
  /** `up`, `down`, `left`, `right`, `select`, `menu`, `home`, `topMenu`, `volumeUp`, … */
  key: string;
  action: InputAction;
}

/** A playback command as the device received it, by RemoteControl method name. */
export interface RecordedCommand {
  /** `play`, `pause`, `playPause`, `stop`, `next`, `previous`, `skipForward`, `skipBackward`, `setPosition`, `setShuffle`, `setRepeat`. */
  name: string;
  /** skipForward/skipBackward interval in seconds. */
  seconds?: number;
  /** setPosition target in seconds. */
  position?: number;
  shuffle?: ShuffleState;
  repeat?: RepeatState;
}

export interface FakeOutputDeviceInit {
  identifier: string;
  name: string;
}

/** The fake device, driven by intent. */
export interface FakeDevice {
  nothingPlaying(): void;
  musicPlaying(init?: MediaInit): void;
  videoPlaying(init?: MediaInit): void;
  tvPlaying(init?: MediaInit): void;
  mediaIsLoading(): void;
  /** Changes the title of what is playing, as a live update. */
  changeTitle(title: string): void;
  setShuffle(state: ShuffleState): void;
  setRepeat(state: RepeatState): void;
  /** Only these playback features are offered by the playing app (the others are not). */
  offerOnly(features: readonly FeatureName[]): void;
  /** The device answers this playback command (RemoteControl method name) with an error. */
  failCommand(name: string): void;
  changeArtwork(bytes: Uint8Array, mimetype: string, width: number, height: number): void;
  /** Percent. */
  setVolume(percent: number): void;
  readonly volume: number;
  changeVolumeControl(available: boolean): void;
  powerOff(): void;
  powerOn(): void;
  readonly poweredOn: boolean;
  readonly lastButton: RecordedButton | undefined;
  readonly lastCommand: RecordedCommand | undefined;
  /** Output devices grouped with this one (not counting itself). */
  setGroupedDevices(devices: readonly FakeOutputDeviceInit[]): void;
  readonly groupedDeviceIds: readonly string[];
  /** Makes a speaker known so clients can add it to the group. */
  addKnownOutputDevice(device: FakeOutputDeviceInit): void;
  /** The next request the device receives makes it drop the connection (TCP reset) without answering. */
  dropOnNextRequest(): void;
  /** Resets every client connection now. */
  dropConnections(): void;
  /** The URL the device was last asked to play (`stream.playUrl`), for protocols that play URLs. */
  readonly lastPlayedUrl?: string | undefined;
  close(): Promise<void>;
}

/** Parts of the suite a protocol may not implement. */
export type SuiteArea =
  | "buttons"
  | "playback"
  | "metadata"
  | "series"
  | "artwork"
  | "pushUpdates"
  | "volume"
  | "outputDevices"
  | "power"
  | "app"
  | "connectionLoss";

export interface FunctionalHarness {
  /** Shown in test names, e.g. `MRP`. */
  readonly protocol: string;
  /** A fresh fake device with nothing playing. */
  startDevice(): Promise<FakeDevice>;
  /** Connects a facade to the device (paired and encrypted where the protocol can). */
  connect(device: FakeDevice): Promise<AppleTV>;
  /** Areas to skip because the protocol does not implement them. */
  readonly skip?: ReadonlySet<SuiteArea>;
  /** The protocol plays URLs (`stream.playUrl`); otherwise the suite checks it is NotSupported. */
  readonly playsUrls?: boolean;
}
