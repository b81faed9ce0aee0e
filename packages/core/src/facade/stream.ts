import { FeatureName } from "../feature-name.js";
import { FeatureState } from "../enums.js";
import { NotSupportedError } from "../errors.js";
import type { CallOptions, Features, Stream, StreamFileOptions } from "../interfaces.js";
import { relayCall, settle, type FacadeState, type Relayer } from "./relayer.js";

export class FacadeStream implements Stream {
  constructor(
    private readonly state: FacadeState,
    private readonly relayer: Relayer<"stream">,
    private readonly features: Features,
  ) {}
  /** NotSupportedError unless feature PlayUrl is Available. */
  playUrl(url: string, options?: CallOptions & { positionSeconds?: number }): Promise<void> {
    return settle(() => {
      this.state.guard();
      if (!this.features.inState(FeatureState.Available, FeatureName.PlayUrl)) {
        throw new NotSupportedError("playUrl is not available on this device");
      }
      return relayCall(this.state, this.relayer, "playUrl")(url, options);
    });
  }
  streamFile(file: string | AsyncIterable<Uint8Array>, options?: StreamFileOptions): Promise<void> {
    return settle(() => relayCall(this.state, this.relayer, "streamFile")(file, options));
  }
  close(): void {
    for (const instance of this.relayer.instances) instance.close?.();
  }
}
