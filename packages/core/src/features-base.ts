import { FeatureState } from "./enums.js";
import { FeatureName } from "./feature-name.js";
import type { Features } from "./interfaces.js";
import type { FeatureInfo } from "./values.js";

const allFeatureNames = Object.values(FeatureName);

/**
 * The part of `Features` every implementation shares: `allFeatures` and `inState` are derived
 * from `getFeature`, which each protocol (and the facade) provides.
 */
export abstract class FeaturesBase implements Features {
  abstract getFeature(name: FeatureName): FeatureInfo;

  allFeatures(includeUnsupported = false): Map<FeatureName, FeatureInfo> {
    const out = new Map<FeatureName, FeatureInfo>();
    for (const name of allFeatureNames) {
      const info = this.getFeature(name);
      if (includeUnsupported || info.state !== FeatureState.Unsupported) out.set(name, info);
    }
    return out;
  }

  inState(states: FeatureState | readonly FeatureState[], ...names: FeatureName[]): boolean {
    const wanted: readonly FeatureState[] = typeof states === "number" ? [states] : states;
    return names.every((name) => wanted.includes(this.getFeature(name).state));
  }
}
