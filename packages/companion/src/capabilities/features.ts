/** Which features Companion offers right now (pyatv's rules, plus the touch and newer buttons). */
import { FeatureName, FeatureState, featureInfo, type FeatureInfo, FeaturesBase } from "@atv/core";
import { MediaControlFlags } from "../codec/constants.js";
import type { CompanionContext } from "../context.js";
import type { CompanionPower } from "./power.js";

/** Available whenever Companion is connected (pyatv cannot check them). */
const ALWAYS: readonly FeatureName[] = [
  FeatureName.AppList,
  FeatureName.LaunchApp,
  FeatureName.AccountList,
  FeatureName.SwitchAccount,
  FeatureName.TurnOn,
  FeatureName.TurnOff,
  FeatureName.Up,
  FeatureName.Down,
  FeatureName.Left,
  FeatureName.Right,
  FeatureName.Select,
  FeatureName.Menu,
  FeatureName.Home,
  FeatureName.PlayPause,
  FeatureName.ChannelUp,
  FeatureName.ChannelDown,
  FeatureName.Screensaver,
  FeatureName.Guide,
  FeatureName.ControlCenter,
  FeatureName.TextFocusState,
  FeatureName.TextGet,
  FeatureName.TextClear,
  FeatureName.TextAppend,
  FeatureName.TextSet,
  FeatureName.Swipe,
  FeatureName.Action,
  FeatureName.Click,
];

/** Available when the `_iMC` flags say so. */
const BY_FLAG: ReadonlyMap<FeatureName, number> = new Map<FeatureName, number>([
  [FeatureName.Play, MediaControlFlags.Play],
  [FeatureName.Pause, MediaControlFlags.Pause],
  [FeatureName.Next, MediaControlFlags.NextTrack],
  [FeatureName.Previous, MediaControlFlags.PreviousTrack],
  [FeatureName.Volume, MediaControlFlags.Volume],
  [FeatureName.SetVolume, MediaControlFlags.Volume],
  // pyatv reports these as always available, but its volume_up/down then wait for a volume
  // update that only comes with the Volume flag; we follow the flag.
  [FeatureName.VolumeUp, MediaControlFlags.Volume],
  [FeatureName.VolumeDown, MediaControlFlags.Volume],
  [FeatureName.SkipForward, MediaControlFlags.SkipForward],
  [FeatureName.SkipBackward, MediaControlFlags.SkipBackward],
]);

/** Every feature Companion can report (its ProtocolSetup.features). */
export const COMPANION_FEATURES: ReadonlySet<FeatureName> = new Set([
  ...ALWAYS,
  ...BY_FLAG.keys(),
  FeatureName.PowerState,
]);

export class CompanionFeatures extends FeaturesBase {
  readonly #ctx: CompanionContext;
  readonly #power: CompanionPower;

  constructor(ctx: CompanionContext, power: CompanionPower) {
    super();
    this.#ctx = ctx;
    this.#power = power;
  }

  getFeature(name: FeatureName): FeatureInfo {
    return featureInfo(this.#state(name));
  }

  #state(name: FeatureName): FeatureState {
    const flag = BY_FLAG.get(name);
    if (flag !== undefined) {
      const flags = this.#ctx.current?.mediaControlFlags ?? 0;
      return flags & flag ? FeatureState.Available : FeatureState.Unavailable;
    }
    if (name === FeatureName.PowerState) {
      return this.#power.supportsPowerUpdates ? FeatureState.Available : FeatureState.Unsupported;
    }
    if (ALWAYS.includes(name)) return FeatureState.Available;
    return FeatureState.Unsupported;
  }
}
