import type { ArtworkOptions, CallOptions, Metadata } from "../interfaces.js";
import type { Playing } from "../playing.js";
import type { App, ArtworkInfo } from "../values.js";
import { relayCall, settle, type FacadeState, type Relayer } from "./relayer.js";

export class FacadeMetadata implements Metadata {
  constructor(
    private readonly state: FacadeState,
    private readonly relayer: Relayer<"metadata">,
    private readonly identifier: string | undefined,
  ) {}
  /** The config's identifier. */
  get deviceId(): string | undefined {
    this.state.guard();
    return this.identifier;
  }
  artwork(options?: ArtworkOptions): Promise<ArtworkInfo | undefined> {
    return settle(() => relayCall(this.state, this.relayer, "artwork")(options));
  }
  get artworkId(): string | undefined {
    return relayCall(this.state, this.relayer, "artworkId");
  }
  playing(options?: CallOptions): Promise<Playing> {
    return settle(() => relayCall(this.state, this.relayer, "playing")(options));
  }
  get app(): App | undefined {
    return relayCall(this.state, this.relayer, "app");
  }
}
