/**
 * The remote over Companion: navigation and the Companion-only buttons with `_hidC`, playback
 * with `_mcc` (companion.md §7.2–7.3). Members pyatv does not send over Companion are absent.
 */
import { InputAction, type CallOptions, type RemoteControl } from "@atv/core";
import { HidCommand, MediaControlCommand } from "../codec/constants.js";
import { OpackFloat } from "../codec/opack.js";
import type { CompanionContext } from "../context.js";
import { pressButton } from "./hid.js";

/** pyatv's default skip interval. */
export const DEFAULT_SKIP_SECONDS = 10;

type CompanionRemote = Pick<
  RemoteControl,
  | "up"
  | "down"
  | "left"
  | "right"
  | "select"
  | "menu"
  | "home"
  | "volumeUp"
  | "volumeDown"
  | "playPause"
  | "play"
  | "pause"
  | "next"
  | "previous"
  | "skipForward"
  | "skipBackward"
  | "channelUp"
  | "channelDown"
  | "screensaver"
  | "guide"
  | "controlCenter"
>;

export class CompanionRemoteControl implements CompanionRemote {
  readonly #ctx: CompanionContext;
  constructor(ctx: CompanionContext) {
    this.#ctx = ctx;
  }

  up(action?: InputAction, options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.Up, action, options);
  }
  down(action?: InputAction, options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.Down, action, options);
  }
  left(action?: InputAction, options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.Left, action, options);
  }
  right(action?: InputAction, options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.Right, action, options);
  }
  select(action?: InputAction, options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.Select, action, options);
  }
  menu(action?: InputAction, options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.Menu, action, options);
  }
  home(action?: InputAction, options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.Home, action, options);
  }
  volumeUp(options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.VolumeUp, InputAction.SingleTap, options);
  }
  volumeDown(options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.VolumeDown, InputAction.SingleTap, options);
  }
  playPause(options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.PlayPause, InputAction.SingleTap, options);
  }
  channelUp(options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.ChannelIncrement, InputAction.SingleTap, options);
  }
  channelDown(options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.ChannelDecrement, InputAction.SingleTap, options);
  }
  screensaver(options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.Screensaver, InputAction.SingleTap, options);
  }
  guide(options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.Guide, InputAction.SingleTap, options);
  }
  /** pyatv sends "page down" for the Control Center. */
  controlCenter(options?: CallOptions): Promise<void> {
    return pressButton(this.#ctx, HidCommand.PageDown, InputAction.SingleTap, options);
  }

  play(options?: CallOptions): Promise<void> {
    return this.#mcc(MediaControlCommand.Play, {}, options);
  }
  pause(options?: CallOptions): Promise<void> {
    return this.#mcc(MediaControlCommand.Pause, {}, options);
  }
  next(options?: CallOptions): Promise<void> {
    return this.#mcc(MediaControlCommand.NextTrack, {}, options);
  }
  previous(options?: CallOptions): Promise<void> {
    return this.#mcc(MediaControlCommand.PreviousTrack, {}, options);
  }
  /** `_mcc` 7 with `_skpS` (a float, as pyatv sends it); ≤ 0 uses 10 s. */
  skipForward(timeIntervalSeconds = 0, options?: CallOptions): Promise<void> {
    const seconds = timeIntervalSeconds > 0 ? timeIntervalSeconds : DEFAULT_SKIP_SECONDS;
    return this.#mcc(MediaControlCommand.SkipBy, { _skpS: new OpackFloat(seconds) }, options);
  }
  skipBackward(timeIntervalSeconds = 0, options?: CallOptions): Promise<void> {
    const seconds = timeIntervalSeconds > 0 ? timeIntervalSeconds : DEFAULT_SKIP_SECONDS;
    return this.#mcc(MediaControlCommand.SkipBy, { _skpS: new OpackFloat(-seconds) }, options);
  }

  async #mcc(command: number, extra: Record<string, OpackFloat>, options: CallOptions = {}): Promise<void> {
    await this.#ctx.client.request("_mcc", { _mcc: command, ...extra }, options);
  }
}
