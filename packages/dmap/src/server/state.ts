/**
 * State of the fake DMAP device (an Apple TV 3 / Music host): what plays, settings, and a
 * recorder of what clients sent. Every change bumps the revision, which releases long-polls.
 */
import { TypedEmitter } from "@atv/core";
import { bool, container, str, uint, type DmapNode } from "../codec/node.js";

/** `caps` values. */
export const PlayStatus = {
  Idle: 0,
  Loading: 1,
  Stopped: 2,
  Paused: 3,
  Playing: 4,
  FastForward: 5,
  Rewind: 6,
} as const;
export type PlayStatus = (typeof PlayStatus)[keyof typeof PlayStatus];

export interface NowPlaying {
  title?: string;
  artist?: string;
  album?: string;
  genre?: string;
  /** iTunes media kind (`cmmk`): 2 music, 3 video, 64 TV …; absent = not sent. */
  mediaKind?: number;
  totalTimeMs?: number;
  positionMs?: number;
}

export interface DmapDeviceStateEvents {
  [event: string]: unknown[];
  changed: [revision: number];
}

export class DmapDeviceState extends TypedEmitter<DmapDeviceStateEvents> {
  playStatus: PlayStatus = PlayStatus.Idle;
  nowPlaying: NowPlaying = {};
  shuffle = 0;
  repeat = 0;
  volume = 50;
  volumeControllable = true;
  artwork: Uint8Array | undefined;
  /** Revision (`cmsr`); starts at 1 so revision 0 always answers at once. */
  revision = 1;
  /** Buttons and commands in the order clients sent them (`play`, `select`, `up`, …). */
  readonly buttons: string[] = [];
  /** Properties set by clients, in order: [name, value]. */
  readonly properties: [string, number][] = [];
  /** Artwork requests: [mw, mh]. */
  readonly artworkRequests: [number, number][] = [];

  get lastButton(): string | undefined {
    return this.buttons.at(-1);
  }

  /** When `nowPlaying.positionMs` was true; the position advances from then while playing. */
  #positionAt = Date.now();

  /** The position now, in ms: it advances while playing, as on a real device. */
  currentPositionMs(): number | undefined {
    const { positionMs, totalTimeMs } = this.nowPlaying;
    if (positionMs === undefined) return undefined;
    const elapsed = this.playStatus === PlayStatus.Playing ? Date.now() - this.#positionAt : 0;
    return totalTimeMs === undefined ? positionMs + elapsed : Math.min(totalTimeMs, positionMs + elapsed);
  }

  /** Applies a change and releases waiting long-polls. */
  update(change: (state: this) => void): void {
    const position = this.currentPositionMs();
    if (position !== undefined) this.nowPlaying = { ...this.nowPlaying, positionMs: position };
    change(this);
    this.#positionAt = Date.now();
    this.revision++;
    this.emit("changed", this.revision);
  }

  record(button: string): void {
    this.buttons.push(button);
  }

  /** The `cmst` play status response. */
  playstatus(): DmapNode[] {
    const n = this.nowPlaying;
    const children: DmapNode[] = [uint("mstt", 200), uint("cmsr", this.revision)];
    if (this.playStatus !== PlayStatus.Idle) {
      children.push(
        uint("caps", this.playStatus),
        uint("cash", this.shuffle),
        uint("carp", this.repeat),
        bool("cavc", this.volumeControllable),
      );
      if (n.mediaKind !== undefined) children.push(uint("cmmk", n.mediaKind));
      if (n.title !== undefined) children.push(str("cann", n.title));
      if (n.artist !== undefined) children.push(str("cana", n.artist));
      if (n.album !== undefined) children.push(str("canl", n.album));
      if (n.genre !== undefined) children.push(str("cang", n.genre));
      if (n.totalTimeMs !== undefined) {
        children.push(uint("cast", n.totalTimeMs));
        children.push(uint("cant", Math.max(0, n.totalTimeMs - (this.currentPositionMs() ?? 0))));
      }
    }
    return [container("cmst", ...children)];
  }
}
