import type { FeatureState } from "./enums.js";

/** Artwork bytes and what is known about them; width/height are -1 when unknown. */
export interface ArtworkInfo {
  readonly bytes: Uint8Array;
  readonly mimetype: string;
  readonly width: number;
  readonly height: number;
}

/** Metadata to send along a stream (RAOP). `duration` is ignored when overriding. */
export interface MediaMetadata {
  title?: string;
  artist?: string;
  album?: string;
  /** JPEG bytes. */
  artwork?: Uint8Array;
  duration?: number;
}

/** State of one feature; `options` is empty in practice. */
export interface FeatureInfo {
  readonly state: FeatureState;
  readonly options: Readonly<Record<string, unknown>>;
}

export function featureInfo(state: FeatureState, options: Record<string, unknown> = {}): FeatureInfo {
  return Object.freeze({ state, options: Object.freeze({ ...options }) });
}

/** An app: its name and bundle identifier. */
export class App {
  constructor(
    readonly name: string | undefined,
    readonly identifier: string,
  ) {}
  equals(other: App | undefined): boolean {
    return !!other && other.name === this.name && other.identifier === this.identifier;
  }
  toString(): string {
    return `App: ${this.name ?? "?"} (${this.identifier})`;
  }
}

/** A user account on the device. */
export class UserAccount {
  constructor(
    readonly name: string,
    readonly identifier: string,
  ) {}
  equals(other: UserAccount | undefined): boolean {
    return !!other && other.name === this.name && other.identifier === this.identifier;
  }
  toString(): string {
    return `Account: ${this.name} (${this.identifier})`;
  }
}

/** An AirPlay output device; `volume` in percent 0–100. */
export interface OutputDevice {
  readonly identifier: string;
  readonly name?: string | undefined;
  readonly volume?: number;
}
