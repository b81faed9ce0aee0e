/** Metadata over DACP: playing() from playstatusupdate, artwork from nowplayingartwork (dmap.md §5, §6). */
import type { ArtworkInfo, ArtworkOptions, CallOptions, Metadata, Playing } from "@atv/core";
import type { DmapContext } from "../context.js";

/** Artwork results kept (pyatv keeps 4), keyed by the Playing hash and size. */
export const ARTWORK_CACHE_SIZE = 4;
export const DEFAULT_ARTWORK_WIDTH = 512;

export class DmapMetadata implements Pick<Metadata, "deviceId" | "artwork" | "artworkId" | "playing"> {
  readonly #ctx: DmapContext;
  readonly #cache = new Map<string, ArtworkInfo>();

  constructor(ctx: DmapContext) {
    this.#ctx = ctx;
  }

  get deviceId(): string | undefined {
    return this.#ctx.deviceId;
  }

  /** Hash of the latest Playing (pyatv's artwork id); undefined before the first playing(). */
  get artworkId(): string | undefined {
    return this.#ctx.current?.latestHash;
  }

  playing(options: CallOptions = {}): Promise<Playing> {
    return this.#ctx.atv.playstatus(false, options);
  }

  /**
   * PNG artwork of what is playing, undefined when none. `width` defaults to 512 and `height`
   * to 0 (no bound); both are upper bounds the device may ignore. Width/height of the result
   * are -1 (DMAP does not say), as in pyatv.
   */
  async artwork(options: ArtworkOptions = {}): Promise<ArtworkInfo | undefined> {
    const signalOnly: CallOptions = options.signal ? { signal: options.signal } : {};
    const playing = await this.playing(signalOnly);
    const width = options.width === undefined ? DEFAULT_ARTWORK_WIDTH : (options.width ?? 0);
    const height = options.height ?? 0;
    if (!Number.isInteger(width) || width < 0 || !Number.isInteger(height) || height < 0)
      throw new RangeError(`artwork size must be non-negative integers, got ${width}x${height}`);
    const key = `${playing.hash}\u0000${width}x${height}`;
    const cached = this.#cache.get(key);
    if (cached) return { ...cached, bytes: new Uint8Array(cached.bytes) };
    const bytes = await this.#ctx.atv.artwork(width, height, signalOnly);
    if (!bytes) return undefined;
    const info: ArtworkInfo = { bytes, mimetype: "image/png", width: -1, height: -1 };
    this.#cache.set(key, info);
    while (this.#cache.size > ARTWORK_CACHE_SIZE)
      this.#cache.delete(this.#cache.keys().next().value as string);
    return { ...info, bytes: new Uint8Array(bytes) };
  }
}
