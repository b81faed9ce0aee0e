import { FeatureName } from "../feature-name.js";
import { FeatureState } from "../enums.js";
import { FeaturesBase } from "../features-base.js";
import type { ProtocolSetup } from "../protocol-module.js";
import { featureInfo, type FeatureInfo } from "../values.js";
import { defaultPriority, type FacadeState } from "./relayer.js";

/**
 * A feature is answered by the highest-priority protocol that registered it;
 * PushUpdates is Available when any protocol has a push updater.
 */
export class FacadeFeatures extends FeaturesBase {
  constructor(
    private readonly state: FacadeState,
    private readonly setups: () => readonly ProtocolSetup[],
  ) {
    super();
  }

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
}
