/** Intent-level changes to the fake device (CONVENTIONS §11). */
import { PlayStatus, type DmapDeviceState } from "./state.js";

export interface MediaOptions {
  title?: string;
  artist?: string;
  album?: string;
  genre?: string;
  /** Seconds. */
  totalTime?: number;
  /** Seconds. */
  position?: number;
  paused?: boolean;
  artwork?: Uint8Array;
  /** Override the media kind (`cmmk`); default 2 for music, 3 for video, none with `noMediaKind`. */
  mediaKind?: number;
  noMediaKind?: boolean;
}

export class DmapUseCases {
  readonly #state: DmapDeviceState;

  constructor(state: DmapDeviceState) {
    this.#state = state;
  }

  #media(options: MediaOptions, kind: number): void {
    this.#state.update((s) => {
      s.playStatus = options.paused ? PlayStatus.Paused : PlayStatus.Playing;
      s.nowPlaying = {
        ...(options.title !== undefined ? { title: options.title } : {}),
        ...(options.artist !== undefined ? { artist: options.artist } : {}),
        ...(options.album !== undefined ? { album: options.album } : {}),
        ...(options.genre !== undefined ? { genre: options.genre } : {}),
        ...(options.noMediaKind ? {} : { mediaKind: options.mediaKind ?? kind }),
        ...(options.totalTime !== undefined ? { totalTimeMs: options.totalTime * 1000 } : {}),
        ...(options.position !== undefined ? { positionMs: options.position * 1000 } : {}),
      };
      s.artwork = options.artwork;
    });
  }

  musicPlaying(options: MediaOptions = {}): void {
    this.#media(options, 2);
  }

  videoPlaying(options: MediaOptions = {}): void {
    this.#media(options, 3);
  }

  nothingPlaying(): void {
    this.#state.update((s) => {
      s.playStatus = PlayStatus.Idle;
      s.nowPlaying = {};
      s.artwork = undefined;
    });
  }

  setPlayStatus(status: PlayStatus): void {
    this.#state.update((s) => {
      s.playStatus = status;
    });
  }

  setShuffle(on: boolean): void {
    this.#state.update((s) => {
      s.shuffle = on ? 1 : 0;
    });
  }

  setRepeat(mode: 0 | 1 | 2): void {
    this.#state.update((s) => {
      s.repeat = mode;
    });
  }

  setVolumeControllable(yes: boolean): void {
    this.#state.update((s) => {
      s.volumeControllable = yes;
    });
  }
}
