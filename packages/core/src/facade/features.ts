import { FeatureName } from "../feature-name.js";
import { FeatureState } from "../enums.js";
import type { Features } from "../interfaces.js";
import type { ProtocolSetup } from "../protocol-module.js";
import { featureInfo, type FeatureInfo } from "../values.js";
import { defaultPriority, type FacadeState } from "./relayer.js";

const allFeatureNames = Object.values(FeatureName);

/**
 * A feature is answered by the highest-priority protocol that registered it;
 * PushUpdates is Available when any protocol has a push updater.
 */
export class FacadeFeatures implements Features {
  constructor(
    private readonly state: FacadeState,
    private readonly setups: () => readonly ProtocolSetup[],
  ) {}

  getFeature(name: FeatureName): FeatureInfo {
    this.state.guard();
    const setups = [...this.setups()].sort(
      (a, b) => defaultPriority.indexOf(a.protocol) - defaultPriority.indexOf(b.protocol),
    );
    if (name === FeatureName.PushUpdates) {
      const any = setups.some((s) => s.interfaces.pushUpdater?.start !== undefined);
      return featureInfo(any ? FeatureState.Available : FeatureState.Unsupported);
    }
    for (const setup of setups) {
      if (!setup.features.has(name)) continue;
      const features = setup.interfaces.features;
      if (features?.getFeature) return features.getFeature(name);
    }
    return featureInfo(FeatureState.Unsupported);
  }

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
    return names.every((n) => wanted.includes(this.getFeature(n).state));
  }
}
