/**
 * Intent-level control of the fake Apple TV: each use case changes the state
 * and pushes what a real device would send to every connected client.
 */
import type { Command, RepeatMode, ShuffleMode } from "../gen/atv/mrp/command_pb.js";
import { SendError } from "../gen/atv/mrp/command_pb.js";
import { MediaType } from "../gen/atv/mrp/content_item_pb.js";
import { PlaybackState } from "../gen/atv/mrp/now_playing_pb.js";
import { VolumeCapabilities } from "../gen/atv/mrp/audio_pb.js";
import type { ProtocolMessage } from "../gen/atv/mrp/protocol_message_pb.js";
import * as out from "./device-messages.js";
import {
  DEFAULT_PLAYER_ID,
  currentElapsed,
  defaultCommands,
  playerKey,
  type FakeCommandInfo,
  type FakeMetadata,
  type FakeOutputDevice,
  type FakePlayer,
  type MrpDeviceState,
} from "./state.js";

/** Sends messages to every client that asked for updates. */
export type Broadcast = (...messages: ProtocolMessage[]) => void;

export const DEFAULT_APP = { bundleIdentifier: "com.example.player", name: "Example Player" } as const;

export interface NowPlayingOptions {
  title?: string;
  artist?: string;
  album?: string;
  genre?: string;
  /** Seconds. */
  totalTime?: number;
  /** Seconds. */
  position?: number;
  /** Paused instead of playing. */
  paused?: boolean;
  playbackRate?: number;
  seriesName?: string;
  seasonNumber?: number;
  episodeNumber?: number;
  contentIdentifier?: string;
  iTunesStoreIdentifier?: number;
  /** Identifier of the queue item (the client's Playing hash). */
  itemIdentifier?: string;
  app?: { bundleIdentifier: string; name?: string };
  player?: { identifier: string; name?: string };
  /** Commands the app offers; default: every playback command, enabled. */
  commands?: readonly (Command | FakeCommandInfo)[];
}

export interface ArtworkOptions {
  identifier?: string;
  width?: number;
  height?: number;
}

export class MrpUseCases {
  readonly #state: MrpDeviceState;
  readonly #broadcast: Broadcast;

  constructor(state: MrpDeviceState, broadcast: Broadcast) {
    this.#state = state;
    this.#broadcast = broadcast;
  }

  /** No app is playing: the active app's client is removed. */
  nothingPlaying(): void {
    const bundle = this.#state.activeClient;
    if (bundle === undefined) return;
    for (const [key, player] of this.#state.players) {
      if (player.bundleIdentifier === bundle) this.#state.players.delete(key);
    }
    this.#state.activePlayers.delete(bundle);
    this.#state.activeClient = undefined;
    this.#broadcast(out.removeClient(bundle));
  }

  musicPlaying(options: NowPlayingOptions = {}): FakePlayer {
    return this.#nowPlaying(MediaType.AUDIO, { title: "music", ...options });
  }

  videoPlaying(options: NowPlayingOptions = {}): FakePlayer {
    return this.#nowPlaying(MediaType.VIDEO, { title: "video", ...options });
  }

  /** An episode of a series (MRP reports it as video with series, season and episode). */
  tvPlaying(options: NowPlayingOptions = {}): FakePlayer {
    return this.#nowPlaying(MediaType.VIDEO, {
      title: "episode",
      seriesName: "series",
      seasonNumber: 1,
      episodeNumber: 1,
      ...options,
    });
  }

  /** The active player is buffering (PlaybackState Interrupted → the client's Loading). */
  mediaIsLoading(): void {
    this.#changePlayback(PlaybackState.INTERRUPTED);
  }

  play(): void {
    this.#changePlayback(PlaybackState.PLAYING, 1);
  }

  pause(): void {
    this.#changePlayback(PlaybackState.PAUSED, 0);
  }

  stop(): void {
    this.#changePlayback(PlaybackState.STOPPED, 0);
  }

  /** Changes some metadata fields of the current item and pushes only those, with the position (UPDATE_CONTENT_ITEM). */
  changeMetadata(changes: Partial<FakeMetadata>): void {
    const player = this.#requireNowPlaying();
    player.metadata = { ...player.metadata, ...changes };
    const full = out.metadataInit(player) ?? {};
    const partial = Object.fromEntries(
      Object.entries(full).filter(
        ([k]) => k === "elapsedTimeTimestamp" || k === "elapsedTime" || k in changesToFields(changes),
      ),
    );
    this.#broadcast(out.updateContentItem(player, partial));
  }

  /** Sets the artwork of the current item (makes the Artwork feature available). */
  changeArtwork(bytes: Uint8Array, mimetype: string, options: ArtworkOptions = {}): void {
    const player = this.#requireNowPlaying();
    player.artwork = {
      bytes: new Uint8Array(bytes),
      mimetype,
      width: options.width ?? -1,
      height: options.height ?? -1,
      identifier: options.identifier ?? `artwork-${Date.now()}`,
    };
    this.#broadcast(out.setState(player));
  }

  /**
   * Publishes artwork by URL as apps do (mrp.md §12): an `artworkIdentifier`
   * (e.g. an iTunes URL template), an `artworkURL`, and whether
   * `artworkAvailable` is sent. Undefined fields are removed.
   */
  changeRemoteArtwork(remote: { identifier?: string; url?: string; available?: boolean }): void {
    const player = this.#requireNowPlaying();
    const metadata: FakeMetadata = { ...player.metadata };
    delete metadata.artworkIdentifier;
    delete metadata.artworkURL;
    delete metadata.artworkAvailable;
    if (remote.identifier !== undefined) metadata.artworkIdentifier = remote.identifier;
    if (remote.url !== undefined) metadata.artworkURL = remote.url;
    if (remote.available !== undefined) metadata.artworkAvailable = remote.available;
    player.metadata = metadata;
    this.#broadcast(out.setState(player));
  }

  /** Sets the device's volume in percent (0–100) and pushes VOLUME_DID_CHANGE. */
  setVolume(percent: number): void {
    if (!(percent >= 0 && percent <= 100)) throw new RangeError(`volume must be 0–100, got ${percent}`);
    this.#state.volume = percent / 100;
    this.#broadcast(out.volumeDidChange(this.#state.volume, this.#state.volumeUid));
  }

  /** Changes whether (and how) the volume can be controlled. */
  changeVolumeControl(available: boolean, capabilities: VolumeCapabilities = VolumeCapabilities.BOTH): void {
    this.#state.volumeControlAvailable = available;
    this.#state.volumeCapabilities = capabilities;
    this.#broadcast(
      out.volumeControlAvailability(this.#state),
      out.volumeControlCapabilitiesDidChange(this.#state),
    );
  }

  /** Replaces the commands the active player offers. */
  setSupportedCommands(commands: readonly (Command | FakeCommandInfo)[]): void {
    const player = this.#requireNowPlaying();
    player.commands = toCommandInfos(commands);
    this.#broadcast(out.setState(player));
  }

  setShuffle(mode: ShuffleMode): void {
    const player = this.#requireNowPlaying();
    player.shuffle = mode;
    this.#broadcast(out.setState(player));
  }

  setRepeat(mode: RepeatMode): void {
    const player = this.#requireNowPlaying();
    player.repeat = mode;
    this.#broadcast(out.setState(player));
  }

  /** Renames the app that is playing (UPDATE_CLIENT). */
  setAppName(name: string): void {
    const player = this.#requireNowPlaying();
    for (const p of this.#state.players.values())
      if (p.bundleIdentifier === player.bundleIdentifier) p.appName = name;
    this.#broadcast(out.updateClient(player));
  }

  /** Makes `command` fail with `sendError` (NoError again to heal). */
  failCommand(command: Command, sendError: SendError): void {
    if (sendError === SendError.NO_ERROR) this.#state.commandErrors.delete(command);
    else this.#state.commandErrors.set(command, sendError);
  }

  powerOff(): void {
    this.#setPower(false);
  }

  powerOn(): void {
    this.#setPower(true);
  }

  /** Replaces the other devices grouped with this one (they become known devices too). */
  setGroupedDevices(devices: readonly FakeOutputDevice[]): void {
    this.#state.groupedDevices.splice(0, Infinity, ...devices.map((d) => ({ ...d })));
    for (const d of devices) this.#state.knownOutputDevices.set(d.identifier, { ...d });
    this.#broadcast(out.deviceInfoUpdate(this.#state));
  }

  /**
   * Makes the device part of a tvOS 16 cluster (`clusterID`; undefined leaves it) and/or a
   * proxy-group player, and pushes the DEVICE_INFO_UPDATE. Volume then uses the cluster id.
   */
  setGrouping(grouping: {
    clusterID?: string | undefined;
    proxyGroupPlayer?: boolean;
    groupLeader?: boolean;
  }): void {
    if ("clusterID" in grouping) this.#state.clusterID = grouping.clusterID;
    if (grouping.proxyGroupPlayer !== undefined) this.#state.proxyGroupPlayer = grouping.proxyGroupPlayer;
    if (grouping.groupLeader !== undefined) this.#state.groupLeader = grouping.groupLeader;
    this.#broadcast(out.deviceInfoUpdate(this.#state));
  }

  /** Speakers a client may add to the group by identifier. */
  addKnownOutputDevice(device: FakeOutputDevice): void {
    this.#state.knownOutputDevices.set(device.identifier, { ...device });
  }

  /** Sets one grouped device's volume (percent) and pushes VOLUME_DID_CHANGE for it. */
  setOutputDeviceVolume(identifier: string, percent: number): void {
    const device = this.#state.groupedDevices.find((d) => d.identifier === identifier);
    if (!device) throw new RangeError(`no grouped output device ${identifier}`);
    device.volume = percent / 100;
    this.#broadcast(out.volumeDidChange(device.volume, identifier));
  }

  /** Removes a player; when it was active, the app falls back to its default player. */
  removePlayer(bundleIdentifier: string, playerId: string): void {
    const player = this.#state.player(bundleIdentifier, playerId);
    if (!player) return;
    this.#state.players.delete(playerKey(bundleIdentifier, playerId));
    if (this.#state.activePlayers.get(bundleIdentifier) === playerId)
      this.#state.activePlayers.delete(bundleIdentifier);
    this.#broadcast(out.removePlayer(player));
  }

  #nowPlaying(mediaType: MediaType, o: NowPlayingOptions): FakePlayer {
    const state = this.#state;
    const app = o.app ?? DEFAULT_APP;
    const playerId = o.player?.identifier ?? DEFAULT_PLAYER_ID;
    const player = state.ensurePlayer(app.bundleIdentifier, playerId);
    player.appName = app.name ?? player.appName;
    if (o.player?.name !== undefined) player.playerName = o.player.name;
    player.playbackState = o.paused ? PlaybackState.PAUSED : PlaybackState.PLAYING;
    player.itemIdentifier = o.itemIdentifier;
    player.artwork = undefined;
    player.commands = toCommandInfos(o.commands ?? defaultCommands());
    const metadata: FakeMetadata = { mediaType, playbackRate: o.playbackRate ?? (o.paused ? 0 : 1) };
    const copy = <K extends keyof FakeMetadata & keyof NowPlayingOptions>(k: K): void => {
      if (o[k] !== undefined) (metadata as Record<string, unknown>)[k] = o[k];
    };
    (["title", "artist", "album", "genre", "seriesName", "seasonNumber", "episodeNumber"] as const).forEach(
      copy,
    );
    (["contentIdentifier", "iTunesStoreIdentifier"] as const).forEach(copy);
    if (o.totalTime !== undefined) metadata.duration = o.totalTime;
    metadata.elapsedTime = o.position ?? 0;
    metadata.elapsedAtMs = Date.now();
    player.metadata = metadata;

    const messages: ProtocolMessage[] = [out.setState(player)];
    if (state.activeClient !== app.bundleIdentifier) {
      state.activeClient = app.bundleIdentifier;
      messages.push(out.setNowPlayingClient(player));
    }
    if ((state.activePlayers.get(app.bundleIdentifier) ?? DEFAULT_PLAYER_ID) !== playerId) {
      state.activePlayers.set(app.bundleIdentifier, playerId);
      messages.push(out.setNowPlayingPlayer(player));
    }
    this.#broadcast(...messages);
    return player;
  }

  #changePlayback(playbackState: PlaybackState, rate?: number): void {
    const player = this.#requireNowPlaying();
    if (player.metadata) {
      player.metadata.elapsedTime = currentElapsed(player) ?? 0;
      player.metadata.elapsedAtMs = Date.now();
      if (rate !== undefined) player.metadata.playbackRate = rate;
    }
    player.playbackState = playbackState;
    this.#broadcast(out.setState(player));
  }

  #setPower(on: boolean): void {
    if (this.#state.powerOn === on) return;
    this.#state.powerOn = on;
    this.#broadcast(out.deviceInfoUpdate(this.#state));
  }

  #requireNowPlaying(): FakePlayer {
    const player = this.#state.nowPlaying;
    if (!player) throw new Error("nothing is playing: call musicPlaying()/videoPlaying() first");
    return player;
  }
}

function toCommandInfos(commands: readonly (Command | FakeCommandInfo)[]): FakeCommandInfo[] {
  return commands.map((c) => (typeof c === "number" ? { command: c, enabled: true } : { ...c }));
}

/** Protobuf field names touched by a FakeMetadata change. */
function changesToFields(changes: Partial<FakeMetadata>): Record<string, true> {
  const names: Record<string, string> = {
    artist: "trackArtistName",
    album: "albumName",
    elapsedAtMs: "elapsedTime",
  };
  const fields: Record<string, true> = {};
  for (const key of Object.keys(changes)) {
    fields[names[key] ?? key] = true;
    if (key === "elapsedTime" || key === "elapsedAtMs") fields["elapsedTime"] = true;
  }
  return fields;
}
