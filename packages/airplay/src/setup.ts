/** The AirPlay protocol setup for the facade: Stream (play_url) and Features. */
import {
  FeatureName,
  FeatureState,
  Protocol,
  featureInfo,
  type DeviceInfoFields,
  type FeatureInfo,
  type Features,
  type ProtocolInterfaces,
  type ProtocolSetup,
} from "@atv/core";
import { AirPlayStream, type AirPlayStreamOptions } from "./stream.js";

export const AIRPLAY_FEATURES: ReadonlySet<FeatureName> = new Set([FeatureName.PlayUrl]);

export class AirPlayFeatures implements Features {
  readonly #playUrl: boolean;
  constructor(playUrl: boolean) {
    this.#playUrl = playUrl;
  }
  getFeature(name: FeatureName): FeatureInfo {
    if (name === FeatureName.PlayUrl)
      return featureInfo(this.#playUrl ? FeatureState.Available : FeatureState.Unavailable);
    return featureInfo(FeatureState.Unsupported);
  }
  allFeatures(includeUnsupported = false): Map<FeatureName, FeatureInfo> {
    const out = new Map<FeatureName, FeatureInfo>();
    for (const name of Object.values(FeatureName)) {
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

export interface AirPlaySetupOptions extends AirPlayStreamOptions {
  playUrlSupported: boolean;
  deviceInfo: DeviceInfoFields;
}

export class AirPlaySetup implements ProtocolSetup {
  readonly protocol = Protocol.AirPlay;
  readonly features = AIRPLAY_FEATURES;
  readonly stream: AirPlayStream;
  readonly interfaces: ProtocolInterfaces;
  readonly #deviceInfo: DeviceInfoFields;

  constructor(options: AirPlaySetupOptions) {
    this.stream = new AirPlayStream(options);
    this.#deviceInfo = options.deviceInfo;
    this.interfaces = { stream: this.stream, features: new AirPlayFeatures(options.playUrlSupported) };
  }

  /** Nothing to do up front: every play_url opens its own connection (as pyatv does). */
  async connect(): Promise<void> {}

  close(): Promise<void> {
    this.stream.close();
    return Promise.resolve();
  }

  deviceInfo(): DeviceInfoFields {
    return this.#deviceInfo;
  }
}
