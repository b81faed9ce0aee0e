/** Metadata over MRP: the active player's Playing, the playing app and artwork (mrp.md §11, §12). */
import { isFieldSet } from "@bufbuild/protobuf";
import {
  App,
  type ArtworkInfo,
  type ArtworkOptions,
  type CallOptions,
  type Metadata,
  type Playing,
} from "@atv/core";
import { playbackQueueRequestMessage } from "../codec/messages.js";
import { ContentItemSchema } from "../gen/atv/mrp/content_item_pb.js";
import type { MrpContext } from "../context.js";
import { PlayerStateManager } from "../player-state.js";
import { buildPlaying } from "./playing.js";
import { fetchRemoteArtwork, remoteArtworkUrls, sniffMimeType } from "./remote-artwork.js";

/** Artwork results kept (pyatv keeps 4). */
export const ARTWORK_CACHE_SIZE = 4;
const DEFAULT_ARTWORK_WIDTH = 512;

/** A tiny LRU map. */
class Lru<V> {
  readonly #map = new Map<string, V>();
  constructor(readonly limit: number) {}
  get(key: string): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.limit) this.#map.delete(this.#map.keys().next().value as string);
  }
  get size(): number {
    return this.#map.size;
  }
}

const NOT_CONNECTED = { playing: PlayerStateManager.empty(), client: undefined };

export class MrpMetadata implements Metadata {
  readonly #ctx: MrpContext;
  readonly #cache = new Lru<ArtworkInfo>(ARTWORK_CACHE_SIZE);

  constructor(ctx: MrpContext) {
    this.#ctx = ctx;
  }

  get deviceId(): string | undefined {
    return this.#ctx.deviceId;
  }

  /** The now-playing state; an empty one before connect. */
  get #players(): Pick<PlayerStateManager, "playing" | "client"> {
    return this.#ctx.current?.players ?? NOT_CONNECTED;
  }

  /** The app that is playing (display name and bundle id of the now-playing client). */
  get app(): App | undefined {
    const client = this.#players.client;
    return client ? new App(client.displayName, client.bundleIdentifier) : undefined;
  }

  /**
   * artworkIdentifier, else contentIdentifier, else the item identifier, when
   * artwork is available: `artworkAvailable`, or an `artworkURL` (pyatv).
   */
  get artworkId(): string | undefined {
    const player = this.#players.playing;
    if (!player.field("artworkAvailable") && !player.has("artworkURL")) return undefined;
    return (
      player.field("artworkIdentifier") || player.field("contentIdentifier") || player.item?.identifier || ""
    );
  }

  playing(options: CallOptions = {}): Promise<Playing> {
    options.signal?.throwIfAborted();
    return Promise.resolve(buildPlaying(this.#players.playing));
  }

  /**
   * The current artwork, as pyatv: first from the app's URLs (the
   * `artworkIdentifier` template filled with the size, then `artworkURL`) over
   * HTTP(S), else with a playback-queue request to the device. `width`
   * defaults to 512; `null` for one side keeps the aspect ratio (the source may
   * ignore the size). Undefined when there is no artwork or fetching it failed
   * (logged; pyatv returns None too); an abort through `signal` rejects.
   * Cached per id and size.
   */
  async artwork(options: ArtworkOptions = {}): Promise<ArtworkInfo | undefined> {
    const id = this.artworkId;
    if (id === undefined) return undefined;
    const width = options.width === undefined ? DEFAULT_ARTWORK_WIDTH : (options.width ?? 0);
    const height = options.height ?? -1;
    const key = `${id}\u0000${width}x${height}`;
    const cached = this.#cache.get(key);
    if (cached) return { ...cached, bytes: new Uint8Array(cached.bytes) };

    let info: ArtworkInfo | undefined;
    try {
      info =
        (await this.#remoteArtwork(width, height, options)) ??
        (await this.#localArtwork(width, height, options));
    } catch (error) {
      options.signal?.throwIfAborted();
      this.#ctx.current?.logger(
        `artwork not fetched: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
    if (!info) return undefined;
    this.#cache.set(key, info);
    return { ...info, bytes: new Uint8Array(info.bytes) };
  }

  #remoteArtwork(width: number, height: number, options: CallOptions): Promise<ArtworkInfo | undefined> {
    const player = this.#players.playing;
    const urls = remoteArtworkUrls(
      player.field("artworkIdentifier"),
      player.field("artworkURL"),
      width,
      height,
    );
    if (urls.length === 0) return Promise.resolve(undefined);
    return fetchRemoteArtwork(urls, width, height, {
      signal: options.signal,
      logger: this.#ctx.current?.logger,
    });
  }

  async #localArtwork(width: number, height: number, options: CallOptions): Promise<ArtworkInfo | undefined> {
    const player = this.#players.playing;
    const reply = await this.#ctx.client.session.request(
      playbackQueueRequestMessage(player.location, width, height),
      options.signal ? { signal: options.signal } : {},
    );
    const items = reply.setStateMessage?.playbackQueue?.contentItems ?? [];
    const item = items.find((i) => i.artworkData.length > 0);
    if (!item) return undefined;
    const mimetype =
      item.metadata?.artworkMIMEType || player.field("artworkMIMEType") || sniffMimeType(item.artworkData);
    const size = (field: "artworkDataWidth" | "artworkDataHeight"): number =>
      isFieldSet(item, ContentItemSchema.field[field]) ? item[field] : (player.field(field) ?? -1);
    return {
      bytes: new Uint8Array(item.artworkData),
      mimetype,
      width: size("artworkDataWidth"),
      height: size("artworkDataHeight"),
    };
  }
}
