import { createHash } from "node:crypto";
import { DeviceState, MediaType, RepeatState, ShuffleState, nameOf } from "./enums.js";

/** Fields of a {@link Playing} snapshot; every field may be absent. */
export interface PlayingFields {
  mediaType?: MediaType;
  deviceState?: DeviceState;
  title?: string | undefined;
  artist?: string | undefined;
  album?: string | undefined;
  genre?: string | undefined;
  /** Total length in whole seconds. */
  totalTime?: number | undefined;
  /** Position in whole seconds (clamped to 0..totalTime). */
  position?: number | undefined;
  shuffle?: ShuffleState | undefined;
  repeat?: RepeatState | undefined;
  /** A protocol-supplied hash; otherwise one is computed. */
  hash?: string | undefined;
  seriesName?: string | undefined;
  seasonNumber?: number | undefined;
  episodeNumber?: number | undefined;
  contentIdentifier?: string | undefined;
  itunesStoreIdentifier?: number | undefined;
}

/** Every field name, in the order atvscript prints them. */
export const playingFieldNames = [
  "mediaType",
  "deviceState",
  "title",
  "artist",
  "album",
  "genre",
  "totalTime",
  "position",
  "shuffle",
  "repeat",
  "hash",
  "seriesName",
  "seasonNumber",
  "episodeNumber",
  "contentIdentifier",
  "itunesStoreIdentifier",
] as const satisfies readonly (keyof PlayingFields)[];

/** What is playing: an immutable value object. */
export class Playing {
  readonly mediaType: MediaType;
  readonly deviceState: DeviceState;
  readonly title: string | undefined;
  readonly artist: string | undefined;
  readonly album: string | undefined;
  readonly genre: string | undefined;
  readonly totalTime: number | undefined;
  readonly position: number | undefined;
  readonly shuffle: ShuffleState | undefined;
  readonly repeat: RepeatState | undefined;
  readonly seriesName: string | undefined;
  readonly seasonNumber: number | undefined;
  readonly episodeNumber: number | undefined;
  readonly contentIdentifier: string | undefined;
  readonly itunesStoreIdentifier: number | undefined;
  readonly #hash: string | undefined;

  constructor(fields: PlayingFields = {}) {
    this.mediaType = fields.mediaType ?? MediaType.Unknown;
    this.deviceState = fields.deviceState ?? DeviceState.Idle;
    this.title = fields.title;
    this.artist = fields.artist;
    this.album = fields.album;
    this.genre = fields.genre;
    this.totalTime = fields.totalTime;
    this.position = clampPosition(fields.position, fields.totalTime);
    this.shuffle = fields.shuffle;
    this.repeat = fields.repeat;
    this.seriesName = fields.seriesName;
    this.seasonNumber = fields.seasonNumber;
    this.episodeNumber = fields.episodeNumber;
    this.contentIdentifier = fields.contentIdentifier;
    this.itunesStoreIdentifier = fields.itunesStoreIdentifier;
    this.#hash = fields.hash;
    Object.freeze(this);
  }

  /**
   * The protocol's hash, else SHA-256 hex of title+artist+album+totalTime with
   * absent values written as Python's `None`, so the value equals pyatv's.
   */
  get hash(): string {
    if (this.#hash !== undefined) return this.#hash;
    const py = (v: string | number | undefined): string => (v === undefined ? "None" : String(v));
    return createHash("sha256")
      .update(`${py(this.title)}${py(this.artist)}${py(this.album)}${py(this.totalTime)}`, "utf8")
      .digest("hex");
  }

  /** Equality over every field (push updates are sent only when this says something changed). */
  equals(other: Playing | undefined): boolean {
    if (!other) return false;
    return playingFieldNames.every((k) => this[k] === other[k]);
  }

  /** A copy with some fields replaced. */
  with(fields: PlayingFields): Playing {
    return new Playing({ ...this.toFields(), ...fields });
  }

  toFields(): PlayingFields {
    const out: PlayingFields = {};
    for (const k of playingFieldNames) {
      const v = k === "hash" ? this.#hash : this[k];
      if (v !== undefined) (out as Record<string, unknown>)[k] = v;
    }
    return out;
  }

  /**
   * The multi-line text atvremote prints for `playing` (pyatv's Playing.__str__):
   * labels right-aligned to 12 columns; the position line follows pyatv's three
   * cases (`p/ts (x%)`, `ps`, `Total time: ts`), and nothing for position 0
   * without a total.
   */
  toString(): string {
    const lines: string[] = [];
    const line = (label: string, value: string | number): void =>
      void lines.push(`${label.padStart(12)}: ${value}`);
    const add = (label: string, value: string | number | undefined): void => {
      if (value !== undefined) line(label, value);
    };
    line("Media type", nameOf(MediaType, this.mediaType));
    line("Device state", nameOf(DeviceState, this.deviceState));
    add("Title", this.title);
    add("Artist", this.artist);
    add("Album", this.album);
    add("Genre", this.genre);
    add("Series Name", this.seriesName);
    add("Season", this.seasonNumber);
    add("Episode", this.episodeNumber);
    add("Identifier", this.contentIdentifier);
    add("iTunes Store Identifier", this.itunesStoreIdentifier);
    const { position, totalTime } = this;
    if (position !== undefined && totalTime !== undefined && totalTime !== 0) {
      line("Position", `${position}/${totalTime}s (${pythonPercent(position / totalTime)})`);
    } else if (position !== undefined && position !== 0) {
      line("Position", `${position}s`);
    } else if (totalTime !== undefined && position !== 0) {
      line("Total time", `${totalTime}s`);
    }
    if (this.repeat !== undefined) line("Repeat", nameOf(RepeatState, this.repeat));
    if (this.shuffle !== undefined) line("Shuffle", nameOf(ShuffleState, this.shuffle));
    return lines.join("\n");
  }
}

/** Python's `f"{x:.1%}"`: the ratio times 100, one decimal, then "%". */
function pythonPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

function clampPosition(position: number | undefined, totalTime: number | undefined): number | undefined {
  if (position === undefined) return undefined;
  let p = Math.max(0, Math.trunc(position));
  if (totalTime !== undefined && totalTime >= 0) p = Math.min(p, totalTime);
  return p;
}
