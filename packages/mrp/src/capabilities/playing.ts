/** Builds @atv/core's Playing from the active player's merged state (pyatv's rules, mrp.md §11). */
import { DeviceState, MediaType, Playing, RepeatState, ShuffleState } from "@atv/core";
import { Command, RepeatMode, ShuffleMode } from "../gen/atv/mrp/command_pb.js";
import { MediaType as MrpMediaType } from "../gen/atv/mrp/content_item_pb.js";
import { PlaybackState } from "../gen/atv/mrp/now_playing_pb.js";
import type { PlayerState } from "../player-state.js";

import { APPLE_EPOCH_OFFSET_SECONDS } from "../codec/time.js";

export { APPLE_EPOCH_OFFSET_SECONDS };

export function deviceStateOf(player: PlayerState): DeviceState {
  const state = player.playbackState;
  switch (state) {
    case undefined:
      return DeviceState.Idle;
    case PlaybackState.PLAYING:
      return DeviceState.Playing;
    case PlaybackState.PAUSED:
      return DeviceState.Paused;
    case PlaybackState.STOPPED:
      return DeviceState.Stopped;
    case PlaybackState.INTERRUPTED:
      return DeviceState.Loading;
    case PlaybackState.SEEKING:
      return DeviceState.Seeking;
    default:
      // PlaybackState Unknown (or a value newer than our schema): pyatv reports Paused.
      return DeviceState.Paused;
  }
}

function mediaTypeOf(player: PlayerState): MediaType {
  const type = player.metadata?.mediaType;
  if (type === MrpMediaType.AUDIO) return MediaType.Music;
  if (type === MrpMediaType.VIDEO) return MediaType.Video;
  return MediaType.Unknown;
}

function shuffleOf(player: PlayerState): ShuffleState {
  const mode = player.commandInfo(Command.CHANGE_SHUFFLE_MODE)?.shuffleMode;
  if (mode === ShuffleMode.ALBUMS) return ShuffleState.Albums;
  if (mode === ShuffleMode.SONGS) return ShuffleState.Songs;
  return ShuffleState.Off;
}

function repeatOf(player: PlayerState): RepeatState {
  const mode = player.commandInfo(Command.CHANGE_REPEAT_MODE)?.repeatMode;
  if (mode === RepeatMode.ONE) return RepeatState.Track;
  if (mode === RepeatMode.ALL) return RepeatState.All;
  return RepeatState.Off;
}

/**
 * Position in seconds (mrp.md §11): elapsedTime, plus the wall-clock time since
 * elapsedTimeTimestamp while Playing at a known, non-zero rate; otherwise
 * (paused, seeking, rate 0 or no rate sent) elapsedTime as the device said.
 * Like pyatv, the extrapolation does not scale by the rate. Unknown without a
 * timestamp.
 */
export function positionOf(player: PlayerState, nowMs = Date.now()): number | undefined {
  const timestamp = player.field("elapsedTimeTimestamp");
  if (!timestamp) return undefined;
  const elapsed = player.field("elapsedTime") ?? 0;
  const rate = player.field("playbackRate");
  const advancing =
    deviceStateOf(player) === DeviceState.Playing && rate !== undefined && Math.abs(rate) > 1e-9;
  if (!advancing) return elapsed;
  return elapsed + (nowMs / 1000 - (timestamp + APPLE_EPOCH_OFFSET_SECONDS));
}

function totalTimeOf(player: PlayerState): number | undefined {
  const duration = player.field("duration");
  return duration === undefined || !Number.isFinite(duration) ? undefined : Math.trunc(duration);
}

function safeNumber(value: bigint | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function buildPlaying(player: PlayerState, nowMs = Date.now()): Playing {
  return new Playing({
    mediaType: mediaTypeOf(player),
    deviceState: deviceStateOf(player),
    title: player.field("title"),
    artist: player.field("trackArtistName"),
    album: player.field("albumName"),
    genre: player.field("genre"),
    totalTime: totalTimeOf(player),
    position: positionOf(player, nowMs),
    shuffle: shuffleOf(player),
    repeat: repeatOf(player),
    hash: player.item?.identifier || undefined,
    seriesName: player.field("seriesName"),
    seasonNumber: player.field("seasonNumber"),
    episodeNumber: player.field("episodeNumber"),
    contentIdentifier: player.field("contentIdentifier"),
    itunesStoreIdentifier: safeNumber(player.field("iTunesStoreIdentifier")),
  });
}
