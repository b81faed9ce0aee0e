/**
 * The fake Apple TV's state: identity, players and what they play, artwork,
 * volume, output devices, power, and a recorder of what clients sent.
 * Plain data; the use cases change it and push the result to clients.
 */
import type { InputAction } from "@atv/core";
import type { SendError } from "../gen/atv/mrp/command_pb.js";
import { Command, RepeatMode, ShuffleMode } from "../gen/atv/mrp/command_pb.js";
import type { MediaType } from "../gen/atv/mrp/content_item_pb.js";
import { PlaybackState } from "../gen/atv/mrp/now_playing_pb.js";
import { VolumeCapabilities } from "../gen/atv/mrp/audio_pb.js";
import type { DeviceInfoMessage } from "../gen/atv/mrp/device_info_pb.js";

export const DEFAULT_PLAYER_ID = "MediaRemote-DefaultPlayer";

/** Who the fake device says it is (DeviceInfo and TXT record). */
export interface DeviceIdentity {
  /** The MRP UniqueIdentifier (TXT) and DeviceInfo.uniqueIdentifier. */
  uniqueIdentifier: string;
  name: string;
  modelID: string;
  systemBuildVersion: string;
  macAddress: string;
  /** Own output-device UID (DeviceInfo.deviceUID), used for volume. */
  deviceUID: string;
  /** Pair-setup/verify identifier of the device (its HAP pairing id). */
  pairingId: string;
}

export interface FakeCommandInfo {
  command: Command;
  enabled: boolean;
  preferredIntervals?: number[];
}

/** Metadata of the current item; absent fields are not sent (the client sees them as missing). */
export interface FakeMetadata {
  title?: string;
  artist?: string;
  album?: string;
  genre?: string;
  seriesName?: string;
  seasonNumber?: number;
  episodeNumber?: number;
  contentIdentifier?: string;
  iTunesStoreIdentifier?: number;
  /** Seconds; NaN means "unknown". */
  duration?: number;
  /** Seconds at `elapsedAtMs`. */
  elapsedTime?: number;
  /** Wall-clock time (ms since the Unix epoch) when elapsedTime was true. */
  elapsedAtMs?: number;
  playbackRate?: number;
  mediaType?: MediaType;
  /** Sent as artworkIdentifier (e.g. an iTunes URL template with {w}x{h}{c}.{f}); wins over the artwork's id. */
  artworkIdentifier?: string;
  /** Sent as artworkURL: a fixed-size image the client fetches over HTTP(S). */
  artworkURL?: string;
  /** Sent as artworkAvailable when set (otherwise true exactly when MRP artwork bytes are set). */
  artworkAvailable?: boolean;
}

export interface FakeArtwork {
  bytes: Uint8Array;
  mimetype: string;
  width: number;
  height: number;
  identifier: string;
}

export interface FakePlayer {
  bundleIdentifier: string;
  appName: string | undefined;
  playerId: string;
  playerName: string | undefined;
  playbackState: PlaybackState | undefined;
  /** Identifier of the current queue item (the Playing hash on the client). */
  itemIdentifier: string | undefined;
  metadata: FakeMetadata | undefined;
  artwork: FakeArtwork | undefined;
  commands: FakeCommandInfo[];
  shuffle: ShuffleMode;
  repeat: RepeatMode;
}

export interface FakeOutputDevice {
  identifier: string;
  name: string;
  /** 0.0–1.0 */
  volume: number;
}

/** A button as the device understood it from HID down/up events. */
export interface ButtonPress {
  key: string;
  action: InputAction;
}

export interface ReceivedCommand {
  command: Command;
  skipInterval?: number;
  playbackPosition?: number;
  shuffleMode?: ShuffleMode;
  repeatMode?: RepeatMode;
}

/** Every command pyatv's fake offers for a playing item. */
export const ALL_COMMANDS: readonly Command[] = [
  Command.PLAY,
  Command.PAUSE,
  Command.TOGGLE_PLAY_PAUSE,
  Command.STOP,
  Command.NEXT_TRACK,
  Command.PREVIOUS_TRACK,
  Command.SKIP_FORWARD,
  Command.SKIP_BACKWARD,
  Command.SEEK_TO_PLAYBACK_POSITION,
  Command.CHANGE_REPEAT_MODE,
  Command.CHANGE_SHUFFLE_MODE,
];

export function defaultCommands(): FakeCommandInfo[] {
  return ALL_COMMANDS.map((command) =>
    command === Command.SKIP_FORWARD || command === Command.SKIP_BACKWARD
      ? { command, enabled: true, preferredIntervals: [10] }
      : { command, enabled: true },
  );
}

export class MrpDeviceState {
  readonly identity: DeviceIdentity;
  /** Players by `bundleIdentifier/playerId`. */
  readonly players = new Map<string, FakePlayer>();
  /** Bundle id of the app whose player is "now playing". */
  activeClient: string | undefined;
  /** Active player per app (bundle id → player id). */
  readonly activePlayers = new Map<string, string>();
  /** Client-level default commands per app. */
  readonly defaultCommands = new Map<string, FakeCommandInfo[]>();

  powerOn = true;
  /**
   * tvOS 16 cluster (e.g. a HomePod stereo pair or a home-theatre group): sent as
   * DeviceInfo.clusterID; volume then belongs to the cluster, not to deviceUID.
   */
  clusterID: string | undefined;
  /** DeviceInfo.isProxyGroupPlayer: the device plays for a group it is not part of as an output. */
  proxyGroupPlayer = false;
  /** DeviceInfo.isGroupLeader. */
  groupLeader = true;
  /** 0.0–1.0 */
  volume = 0.5;
  volumeControlAvailable = true;
  volumeCapabilities: VolumeCapabilities = VolumeCapabilities.BOTH;
  /**
   * Volume step for HID volume up/down (0.0–1.0). Applied only when the
   * capabilities include Absolute: a Relative-only device (HDMI-CEC/IR
   * volume) forwards the key and never reports a level (no VOLUME_DID_CHANGE).
   */
  volumeStep = 0.05;
  /** Other AirPlay devices in this device's group (the device itself is always first). */
  readonly groupedDevices: FakeOutputDevice[] = [];
  /** Speakers that could be added to the group (by identifier). */
  readonly knownOutputDevices = new Map<string, FakeOutputDevice>();
  /** SendError to answer per command instead of executing it. */
  readonly commandErrors = new Map<Command, SendError>();

  // Recorder.
  readonly buttons: ButtonPress[] = [];
  readonly commands: ReceivedCommand[] = [];
  readonly receivedTypes: number[] = [];
  /** The DEVICE_INFO each client introduced itself with, in order. */
  readonly clientInfos: DeviceInfoMessage[] = [];
  /** Set once a client completed pair-verify. */
  hasAuthenticated = false;
  /** Paired controllers: pairing id (hex) → Ed25519 public key. */
  readonly pairings = new Map<string, Uint8Array>();

  constructor(identity: DeviceIdentity) {
    this.identity = identity;
  }

  /** The output-device UID the device's own volume is reported and set under: clusterID, else deviceUID. */
  get volumeUid(): string {
    return this.clusterID || this.identity.deviceUID;
  }

  /** True when the device reports an absolute volume level (capabilities Absolute or Both). */
  get absoluteVolume(): boolean {
    return (this.volumeCapabilities & VolumeCapabilities.ABSOLUTE) !== 0;
  }

  get lastButton(): ButtonPress | undefined {
    return this.buttons.at(-1);
  }

  get lastCommand(): ReceivedCommand | undefined {
    return this.commands.at(-1);
  }

  /** The player of the active app (its active player, else the default player). */
  get nowPlaying(): FakePlayer | undefined {
    if (this.activeClient === undefined) return undefined;
    const playerId = this.activePlayers.get(this.activeClient) ?? DEFAULT_PLAYER_ID;
    return this.players.get(playerKey(this.activeClient, playerId));
  }

  player(bundleIdentifier: string, playerId: string): FakePlayer | undefined {
    return this.players.get(playerKey(bundleIdentifier, playerId));
  }

  /** The player, created empty when missing. */
  ensurePlayer(bundleIdentifier: string, playerId = DEFAULT_PLAYER_ID): FakePlayer {
    const key = playerKey(bundleIdentifier, playerId);
    let player = this.players.get(key);
    if (!player) {
      player = {
        bundleIdentifier,
        appName: undefined,
        playerId,
        playerName: playerId === DEFAULT_PLAYER_ID ? "Default Player" : undefined,
        playbackState: undefined,
        itemIdentifier: undefined,
        metadata: undefined,
        artwork: undefined,
        commands: [],
        shuffle: ShuffleMode.OFF,
        repeat: RepeatMode.OFF,
      };
      this.players.set(key, player);
    }
    return player;
  }

  /** The device's own output device followed by the grouped ones. */
  get outputDevices(): FakeOutputDevice[] {
    return [
      { identifier: this.identity.deviceUID, name: this.identity.name, volume: this.volume },
      ...this.groupedDevices,
    ];
  }
}

export function playerKey(bundleIdentifier: string, playerId: string): string {
  return `${bundleIdentifier}/${playerId}`;
}

/** Elapsed position in seconds right now, advancing while playing at `playbackRate`. */
export function currentElapsed(player: FakePlayer, nowMs = Date.now()): number | undefined {
  const m = player.metadata;
  if (!m || m.elapsedTime === undefined) return undefined;
  if (player.playbackState !== PlaybackState.PLAYING || m.elapsedAtMs === undefined) return m.elapsedTime;
  const rate = m.playbackRate ?? 1;
  return m.elapsedTime + ((nowMs - m.elapsedAtMs) / 1000) * rate;
}
