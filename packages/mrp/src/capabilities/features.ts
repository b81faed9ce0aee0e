/** Which features MRP offers right now (pyatv's rules; pyatv-api.md §5). */
import { FeatureName, FeatureState, featureInfo, type FeatureInfo, FeaturesBase } from "@atv/core";
import { Command } from "../gen/atv/mrp/command_pb.js";
import type { ContentItemMetadataSchema } from "../gen/atv/mrp/content_item_pb.js";

type MetadataField = keyof typeof ContentItemMetadataSchema.field;
import { PlaybackState } from "../gen/atv/mrp/now_playing_pb.js";
import type { MrpContext } from "../context.js";
import { PlayerStateManager } from "../player-state.js";
import type { MrpAudio } from "./audio.js";

/** Always available over MRP. */
const ALWAYS: readonly FeatureName[] = [
  FeatureName.Up,
  FeatureName.Down,
  FeatureName.Left,
  FeatureName.Right,
  FeatureName.Select,
  FeatureName.Menu,
  FeatureName.Home,
  FeatureName.HomeHold,
  FeatureName.TopMenu,
  FeatureName.TurnOn,
  FeatureName.TurnOff,
  FeatureName.PowerState,
  FeatureName.OutputDevices,
  FeatureName.AddOutputDevices,
  FeatureName.RemoveOutputDevices,
  FeatureName.SetOutputDevices,
];

/** Available when the active player offers the command, enabled. */
const BY_COMMAND: ReadonlyMap<FeatureName, Command> = new Map([
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
  [FeatureName.Shuffle, Command.CHANGE_SHUFFLE_MODE],
  [FeatureName.Repeat, Command.CHANGE_REPEAT_MODE],
]);

/** Available when the current item's metadata has the field. */
const BY_FIELD: ReadonlyMap<FeatureName, MetadataField> = new Map<FeatureName, MetadataField>([
  [FeatureName.Title, "title"],
  [FeatureName.Artist, "trackArtistName"],
  [FeatureName.Album, "albumName"],
  [FeatureName.Genre, "genre"],
  [FeatureName.TotalTime, "duration"],
  [FeatureName.Position, "elapsedTimeTimestamp"],
  [FeatureName.SeriesName, "seriesName"],
  [FeatureName.SeasonNumber, "seasonNumber"],
  [FeatureName.EpisodeNumber, "episodeNumber"],
  [FeatureName.ContentIdentifier, "contentIdentifier"],
  [FeatureName.iTunesStoreIdentifier, "iTunesStoreIdentifier"],
]);

const VOLUME_STEPS: readonly FeatureName[] = [FeatureName.VolumeUp, FeatureName.VolumeDown];
const VOLUME_LEVEL: readonly FeatureName[] = [FeatureName.Volume, FeatureName.SetVolume];

/** Every feature MRP can report (its ProtocolSetup.features). */
export const MRP_FEATURES: ReadonlySet<FeatureName> = new Set([
  ...ALWAYS,
  ...BY_COMMAND.keys(),
  ...BY_FIELD.keys(),
  ...VOLUME_STEPS,
  ...VOLUME_LEVEL,
  FeatureName.Artwork,
  FeatureName.App,
  FeatureName.PushUpdates,
]);

export class MrpFeatures extends FeaturesBase {
  readonly #ctx: MrpContext;
  readonly #audio: MrpAudio;

  constructor(ctx: MrpContext, audio: MrpAudio) {
    super();
    this.#ctx = ctx;
    this.#audio = audio;
  }

  getFeature(name: FeatureName): FeatureInfo {
    return featureInfo(this.#state(name));
  }

  #state(name: FeatureName): FeatureState {
    const available = (yes: boolean): FeatureState =>
      yes ? FeatureState.Available : FeatureState.Unavailable;
    const players = this.#ctx.current?.players;
    const player = players?.playing ?? PlayerStateManager.empty();
    if (ALWAYS.includes(name) || name === FeatureName.PushUpdates) return FeatureState.Available;
    if (name === FeatureName.Artwork) return available(player.field("artworkAvailable") === true);
    if (name === FeatureName.App) return available(players?.client !== undefined);
    const field = BY_FIELD.get(name);
    if (field) return available(player.has(field));
    if (name === FeatureName.PlayPause && !player.isEnabled(Command.TOGGLE_PLAY_PAUSE)) {
      // Emulated from the state: only the "opposite" of what is happening must be offered.
      const state = player.playbackState;
      if (state === PlaybackState.PLAYING) return available(player.isEnabled(Command.PAUSE));
      if (state === PlaybackState.PAUSED) return available(player.isEnabled(Command.PLAY));
      return FeatureState.Unavailable;
    }
    const command = BY_COMMAND.get(name);
    if (command !== undefined) return available(player.isEnabled(command));
    if (VOLUME_STEPS.includes(name)) return available(this.#audio.available);
    if (VOLUME_LEVEL.includes(name)) return available(this.#audio.available && this.#audio.absolute);
    return FeatureState.Unsupported;
  }
}
