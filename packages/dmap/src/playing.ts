/** pyatv's mapping from a `cmst` play status to Playing (dmap.md §6). */
import {
  DeviceState,
  InvalidDmapDataError,
  MediaType,
  Playing,
  RepeatState,
  ShuffleState,
  UnknownMediaKindError,
  UnknownPlayStateError,
} from "@atv/core";
import type { DmapNode } from "./codec/node.js";
import { firstString, firstUint } from "./codec/query.js";

/** iTunes media kind → MediaType. UnknownMediaKindError for kinds pyatv does not know. */
export function mediaKindOf(kind: number): MediaType {
  if ([1, 32770].includes(kind)) return MediaType.Unknown;
  if ([3, 7, 11, 12, 13, 18, 32].includes(kind)) return MediaType.Video;
  if ([2, 4, 10, 14, 17, 21, 36].includes(kind)) return MediaType.Music;
  if ([8, 64].includes(kind)) return MediaType.TV;
  throw new UnknownMediaKindError(`Unknown media kind: ${kind}`);
}

/** `caps` → DeviceState. UnknownPlayStateError for values pyatv does not know. */
export function playStateOf(state: number | undefined): DeviceState {
  switch (state) {
    case undefined:
    case 0:
      return DeviceState.Idle;
    case 1:
      return DeviceState.Loading;
    case 2:
      return DeviceState.Stopped;
    case 3:
      return DeviceState.Paused;
    case 4:
      return DeviceState.Playing;
    case 5:
    case 6:
      return DeviceState.Seeking;
    default:
      throw new UnknownPlayStateError(`Unknown playstate: ${state}`);
  }
}

/** Milliseconds → seconds as pyatv: absent → 0, ≥ 2^32−1 → 0, else Python's round (half to even). */
export function msToSeconds(ms: number | undefined): number {
  if (ms === undefined || ms >= 2 ** 32 - 1) return 0;
  const q = Math.floor(ms / 1000);
  const r = ms - q * 1000;
  if (r > 500) return q + 1;
  if (r < 500) return q;
  return q % 2 === 0 ? q : q + 1;
}

/** Builds Playing from a playstatusupdate response, field for field as pyatv. */
export function buildPlaying(playstatus: readonly DmapNode[]): Playing {
  const get = (tag: string): number | undefined => firstUint(playstatus, "cmst", tag);
  const text = (tag: string): string | undefined => firstString(playstatus, "cmst", tag);
  const caps = get("caps");
  const title = text("cann");
  const artist = text("cana");
  const album = text("canl");
  const genre = text("cang");

  let mediaType: MediaType = MediaType.Unknown;
  if (caps) {
    const kind = get("cmmk");
    if (kind !== undefined) mediaType = mediaKindOf(kind);
    else mediaType = artist || album ? MediaType.Music : MediaType.Video;
  }

  const totalTime = msToSeconds(get("cast"));
  const remaining = msToSeconds(get("cant"));
  const position = totalTime && remaining ? totalTime - remaining : undefined;

  const cash = get("cash");
  const shuffle = cash === undefined || cash === 0 ? ShuffleState.Off : ShuffleState.Songs;
  const carp = get("carp");
  let repeat: RepeatState = RepeatState.Off;
  if (carp === 1) repeat = RepeatState.Track;
  else if (carp === 2) repeat = RepeatState.All;
  else if (carp !== undefined && carp !== 0) throw new InvalidDmapDataError(`unknown repeat state ${carp}`);

  return new Playing({
    mediaType,
    deviceState: playStateOf(caps),
    title,
    artist,
    album,
    genre,
    totalTime,
    position,
    shuffle,
    repeat,
  });
}
