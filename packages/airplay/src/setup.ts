/** The AirPlay protocol setup for the facade: Stream (play_url) and Features. */
import {
  FeatureName,
  FeatureState,
  Protocol,
  featureInfo,
  type DeviceInfoFields,
  type FeatureInfo,
  FeaturesBase,
  type ProtocolInterfaces,
  type ProtocolSetup,
} from "@atv/core";
import { AirPlayStream, type AirPlayStreamOptions } from "./stream.js";

export const AIRPLAY_FEATURES: ReadonlySet<FeatureName> = new Set([FeatureName.PlayUrl]);

export class AirPlayFeatures extends FeaturesBase {
  readonly #playUrl: boolean;
  constructor(playUrl: boolean) {
    super();
    this.#playUrl = playUrl;
  }
  getFeature(name: FeatureName): FeatureInfo {
    if (name === FeatureName.PlayUrl)
      return featureInfo(this.#playUrl ? FeatureState.Available : FeatureState.Unavailable);
    return featureInfo(FeatureState.Unsupported);
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
