/** Remote control over DACP (dmap.md §5): ctrl-int commands, control prompts, touch gestures, properties. */
import { RepeatState, ShuffleState, type CallOptions, type InputAction, type RemoteControl } from "@atv/core";
import { touchStep } from "../apple-tv.js";
import type { DmapContext } from "../context.js";

/** Skip forward/backward is emulated by seeking this many seconds (pyatv's default). */
export const DEFAULT_SKIP_SECONDS = 10;

type Step = readonly ["Down" | "Move" | "Up", number, number, number];

/** The gesture pyatv sends for each arrow key (one POST per step). */
export const ARROW_GESTURES: Readonly<Record<"up" | "down" | "left" | "right", readonly Step[]>> = {
  up: [
    ["Down", 0, 20, 275],
    ["Move", 1, 20, 270],
    ["Move", 2, 20, 265],
    ["Move", 3, 20, 260],
    ["Move", 4, 20, 255],
    ["Move", 5, 20, 250],
    ["Up", 6, 20, 250],
  ],
  down: [
    ["Down", 0, 20, 250],
    ["Move", 1, 20, 255],
    ["Move", 2, 20, 260],
    ["Move", 3, 20, 265],
    ["Move", 4, 20, 270],
    ["Move", 5, 20, 275],
    ["Up", 6, 20, 275],
  ],
  left: [
    ["Down", 0, 75, 100],
    ["Move", 1, 70, 100],
    ["Move", 3, 65, 100],
    ["Move", 4, 60, 100],
    ["Move", 5, 55, 100],
    ["Move", 6, 50, 100],
    ["Up", 7, 50, 100],
  ],
  right: [
    ["Down", 0, 50, 100],
    ["Move", 1, 55, 100],
    ["Move", 3, 60, 100],
    ["Move", 4, 65, 100],
    ["Move", 5, 70, 100],
    ["Move", 6, 75, 100],
    ["Up", 7, 75, 100],
  ],
};

export class DmapRemoteControl implements Pick<
  RemoteControl,
  | "up"
  | "down"
  | "left"
  | "right"
  | "play"
  | "playPause"
  | "pause"
  | "stop"
  | "next"
  | "previous"
  | "select"
  | "menu"
  | "topMenu"
  | "volumeUp"
  | "volumeDown"
  | "skipForward"
  | "skipBackward"
  | "setPosition"
  | "setShuffle"
  | "setRepeat"
> {
  readonly #ctx: DmapContext;

  constructor(ctx: DmapContext) {
    this.#ctx = ctx;
  }

  async #gesture(key: keyof typeof ARROW_GESTURES, options: CallOptions): Promise<void> {
    for (const [phase, time, x, y] of ARROW_GESTURES[key])
      await this.#ctx.atv.controlPromptData(touchStep(phase, time, x, y), options);
  }

  /** DMAP has no double-tap/hold variants: `action` is accepted and ignored, as in pyatv. */
  up(_action?: InputAction, options: CallOptions = {}): Promise<void> {
    return this.#gesture("up", options);
  }
  down(_action?: InputAction, options: CallOptions = {}): Promise<void> {
    return this.#gesture("down", options);
  }
  left(_action?: InputAction, options: CallOptions = {}): Promise<void> {
    return this.#gesture("left", options);
  }
  right(_action?: InputAction, options: CallOptions = {}): Promise<void> {
    return this.#gesture("right", options);
  }
  play(options: CallOptions = {}): Promise<void> {
    return this.#ctx.atv.ctrlInt("play", options);
  }
  playPause(options: CallOptions = {}): Promise<void> {
    return this.#ctx.atv.ctrlInt("playpause", options);
  }
  pause(options: CallOptions = {}): Promise<void> {
    return this.#ctx.atv.ctrlInt("pause", options);
  }
  stop(options: CallOptions = {}): Promise<void> {
    return this.#ctx.atv.ctrlInt("stop", options);
  }
  next(options: CallOptions = {}): Promise<void> {
    return this.#ctx.atv.ctrlInt("nextitem", options);
  }
  previous(options: CallOptions = {}): Promise<void> {
    return this.#ctx.atv.ctrlInt("previtem", options);
  }
  select(_action?: InputAction, options: CallOptions = {}): Promise<void> {
    return this.#ctx.atv.controlPromptCommand("select", options);
  }
  menu(_action?: InputAction, options: CallOptions = {}): Promise<void> {
    return this.#ctx.atv.controlPromptCommand("menu", options);
  }
  topMenu(options: CallOptions = {}): Promise<void> {
    return this.#ctx.atv.controlPromptCommand("topmenu", options);
  }
  volumeUp(options: CallOptions = {}): Promise<void> {
    return this.#ctx.atv.ctrlInt("volumeup", options);
  }
  volumeDown(options: CallOptions = {}): Promise<void> {
    return this.#ctx.atv.ctrlInt("volumedown", options);
  }

  /** Reads the position and seeks `seconds` ahead (pyatv: nothing when the position is unknown or 0). */
  async skipForward(seconds = 0, options: CallOptions = {}): Promise<void> {
    const position = (await this.#ctx.atv.playstatus(false, options)).position;
    if (position) await this.setPosition(position + (seconds > 0 ? seconds : DEFAULT_SKIP_SECONDS), options);
  }

  async skipBackward(seconds = 0, options: CallOptions = {}): Promise<void> {
    const position = (await this.#ctx.atv.playstatus(false, options)).position;
    if (position) await this.setPosition(position - (seconds > 0 ? seconds : DEFAULT_SKIP_SECONDS), options);
  }

  /** `dacp.playingtime` in milliseconds. */
  setPosition(positionSeconds: number, options: CallOptions = {}): Promise<void> {
    if (!Number.isFinite(positionSeconds))
      throw new RangeError(`position must be finite, got ${positionSeconds}`);
    return this.#ctx.atv.setProperty("dacp.playingtime", Math.trunc(positionSeconds) * 1000, options);
  }

  setShuffle(state: ShuffleState, options: CallOptions = {}): Promise<void> {
    return this.#ctx.atv.setProperty("dacp.shufflestate", state === ShuffleState.Off ? 0 : 1, options);
  }

  setRepeat(state: RepeatState, options: CallOptions = {}): Promise<void> {
    if (!Object.values(RepeatState).includes(state))
      throw new RangeError(`unknown repeat state ${String(state)}`);
    return this.#ctx.atv.setProperty("dacp.repeatstate", state, options);
  }
}
