/** Which features DMAP offers (pyatv's rules for DMAP, feature for feature). */
import { FeatureName, FeatureState, featureInfo, type FeatureInfo, FeaturesBase } from "@atv/core";
import type { DmapNode } from "../codec/node.js";
import { first } from "../codec/query.js";
import type { DmapContext } from "../context.js";

const ALWAYS: readonly FeatureName[] = [
  FeatureName.Down,
  FeatureName.Left,
  FeatureName.Menu,
  FeatureName.Right,
  FeatureName.Select,
  FeatureName.TopMenu,
  FeatureName.Up,
];

/** Supported, but DMAP cannot tell whether they are available now. */
const UNKNOWN: readonly FeatureName[] = [
  FeatureName.Artwork,
  FeatureName.Next,
  FeatureName.Pause,
  FeatureName.Play,
  FeatureName.PlayPause,
  FeatureName.Previous,
  FeatureName.SetPosition,
  FeatureName.SetRepeat,
  FeatureName.SetShuffle,
  FeatureName.Stop,
  FeatureName.SkipForward,
  FeatureName.SkipBackward,
];

/** Available when the field is in the latest play status (pyatv's table, Title → caps included). */
const BY_FIELD: ReadonlyMap<FeatureName, string> = new Map([
  [FeatureName.Title, "caps"],
  [FeatureName.Artist, "cann"],
  [FeatureName.Album, "canl"],
  [FeatureName.Genre, "cang"],
  [FeatureName.TotalTime, "cast"],
  [FeatureName.Position, "cant"],
  [FeatureName.Shuffle, "cash"],
  [FeatureName.Repeat, "carp"],
]);

/** Every feature DMAP answers for (its ProtocolSetup.features). */
export const DMAP_FEATURES: ReadonlySet<FeatureName> = new Set([
  ...ALWAYS,
  ...UNKNOWN,
  ...BY_FIELD.keys(),
  FeatureName.VolumeUp,
  FeatureName.VolumeDown,
]);

export class DmapFeatures extends FeaturesBase {
  readonly #ctx: DmapContext;

  constructor(ctx: DmapContext) {
    super();
    this.#ctx = ctx;
  }

  getFeature(name: FeatureName): FeatureInfo {
    return featureInfo(this.#state(name));
  }

  #state(name: FeatureName): FeatureState {
    if (ALWAYS.includes(name)) return FeatureState.Available;
    if (UNKNOWN.includes(name)) return FeatureState.Unknown;
    const status = this.#ctx.current?.latestPlaystatus;
    const field = BY_FIELD.get(name);
    if (field) return present(status, field) ? FeatureState.Available : FeatureState.Unavailable;
    if (name === FeatureName.VolumeUp || name === FeatureName.VolumeDown) {
      const node = status ? first(status, "cmst", "cavc") : undefined;
      return node?.kind === "bool" && node.value ? FeatureState.Available : FeatureState.Unavailable;
    }
    return FeatureState.Unsupported;
  }
}

function present(status: readonly DmapNode[] | undefined, tag: string): boolean {
  return status !== undefined && first(status, "cmst", tag) !== undefined;
}
