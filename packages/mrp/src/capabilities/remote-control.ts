/** RemoteControl over MRP: buttons as HID events, playback as SendCommand (mrp.md §9, §10). */
import { InputAction, RepeatState, ShuffleState, type CallOptions, type RemoteControl } from "@atv/core";
import { HidKeys, type HidKey } from "../codec/hid.js";
import { Command, RepeatMode, ShuffleMode } from "../gen/atv/mrp/command_pb.js";
import { PlaybackState } from "../gen/atv/mrp/now_playing_pb.js";
import type { MrpContext } from "../context.js";
import { pressKey } from "./hid-press.js";
import { sendCommand } from "./send-command.js";

/** Skip interval when neither the caller nor the app gives one (pyatv). */
export const DEFAULT_SKIP_SECONDS = 15;

type MrpRemoteMembers =
  | "up"
  | "down"
  | "left"
  | "right"
  | "select"
  | "menu"
  | "home"
  | "homeHold"
  | "topMenu"
  | "play"
  | "pause"
  | "playPause"
  | "stop"
  | "next"
  | "previous"
  | "skipForward"
  | "skipBackward"
  | "setPosition"
  | "setShuffle"
  | "setRepeat"
  | "suspend"
  | "wakeup"
  | "volumeUp"
  | "volumeDown";

export interface VolumeStepper {
  volumeUp(options?: CallOptions): Promise<void>;
  volumeDown(options?: CallOptions): Promise<void>;
}

export class MrpRemoteControl implements Pick<RemoteControl, MrpRemoteMembers> {
  readonly #ctx: MrpContext;
  readonly #audio: VolumeStepper;

  constructor(ctx: MrpContext, audio: VolumeStepper) {
    this.#ctx = ctx;
    this.#audio = audio;
  }

  up(action: InputAction = InputAction.SingleTap, options?: CallOptions): Promise<void> {
    return this.#key(HidKeys.up, action, options);
  }
  down(action: InputAction = InputAction.SingleTap, options?: CallOptions): Promise<void> {
    return this.#key(HidKeys.down, action, options);
  }
  left(action: InputAction = InputAction.SingleTap, options?: CallOptions): Promise<void> {
    return this.#key(HidKeys.left, action, options);
  }
  right(action: InputAction = InputAction.SingleTap, options?: CallOptions): Promise<void> {
    return this.#key(HidKeys.right, action, options);
  }
  select(action: InputAction = InputAction.SingleTap, options?: CallOptions): Promise<void> {
    return this.#key(HidKeys.select, action, options);
  }
  menu(action: InputAction = InputAction.SingleTap, options?: CallOptions): Promise<void> {
    return this.#key(HidKeys.menu, action, options);
  }
  home(action: InputAction = InputAction.SingleTap, options?: CallOptions): Promise<void> {
    return this.#key(HidKeys.home, action, options);
  }
  /** @deprecated use home(InputAction.Hold) */
  homeHold(options?: CallOptions): Promise<void> {
    return this.#key(HidKeys.home, InputAction.Hold, options);
  }
  topMenu(options?: CallOptions): Promise<void> {
    return this.#key(HidKeys.topMenu, InputAction.SingleTap, options);
  }
  /** @deprecated use Power.turnOff */
  suspend(options?: CallOptions): Promise<void> {
    return this.#key(HidKeys.suspend, InputAction.SingleTap, options);
  }
  /** @deprecated use Power.turnOn */
  wakeup(options?: CallOptions): Promise<void> {
    return this.#key(HidKeys.wakeup, InputAction.SingleTap, options);
  }
  /** @deprecated use Audio.volumeUp */
  volumeUp(options?: CallOptions): Promise<void> {
    return this.#audio.volumeUp(options);
  }
  /** @deprecated use Audio.volumeDown */
  volumeDown(options?: CallOptions): Promise<void> {
    return this.#audio.volumeDown(options);
  }

  play(options?: CallOptions): Promise<void> {
    return this.#command(Command.PLAY, undefined, options);
  }
  pause(options?: CallOptions): Promise<void> {
    return this.#command(Command.PAUSE, undefined, options);
  }
  stop(options?: CallOptions): Promise<void> {
    return this.#command(Command.STOP, undefined, options);
  }
  next(options?: CallOptions): Promise<void> {
    return this.#command(Command.NEXT_TRACK, undefined, options);
  }
  previous(options?: CallOptions): Promise<void> {
    return this.#command(Command.PREVIOUS_TRACK, undefined, options);
  }

  /**
   * TogglePlayPause when the app offers it; otherwise pause while playing and
   * play while paused (pyatv's fallback). Nothing is sent when idle.
   */
  async playPause(options?: CallOptions): Promise<void> {
    const player = this.#ctx.client.players.playing;
    if (player.isEnabled(Command.TOGGLE_PLAY_PAUSE))
      return this.#command(Command.TOGGLE_PLAY_PAUSE, undefined, options);
    const state = player.playbackState;
    if (state === PlaybackState.PLAYING) return this.pause(options);
    if (state === PlaybackState.PAUSED) return this.play(options);
  }

  /** Skips forward by `timeIntervalSeconds`; ≤ 0 uses the app's first preferred interval, else 15 s. */
  skipForward(timeIntervalSeconds = 0, options?: CallOptions): Promise<void> {
    return this.#skip(Command.SKIP_FORWARD, timeIntervalSeconds, options);
  }
  skipBackward(timeIntervalSeconds = 0, options?: CallOptions): Promise<void> {
    return this.#skip(Command.SKIP_BACKWARD, timeIntervalSeconds, options);
  }

  setPosition(positionSeconds: number, options?: CallOptions): Promise<void> {
    if (!Number.isFinite(positionSeconds) || positionSeconds < 0) {
      return Promise.reject(
        new RangeError(`position must be a non-negative number of seconds, got ${positionSeconds}`),
      );
    }
    return this.#command(Command.SEEK_TO_PLAYBACK_POSITION, { playbackPosition: positionSeconds }, options);
  }

  setShuffle(state: ShuffleState, options?: CallOptions): Promise<void> {
    const modes = {
      [ShuffleState.Off]: ShuffleMode.OFF,
      [ShuffleState.Albums]: ShuffleMode.ALBUMS,
      [ShuffleState.Songs]: ShuffleMode.SONGS,
    };
    const shuffleMode = modes[state];
    if (shuffleMode === undefined)
      return Promise.reject(new RangeError(`unknown shuffle state ${String(state)}`));
    return this.#command(Command.CHANGE_SHUFFLE_MODE, { shuffleMode, sendOptions: 0 }, options);
  }

  setRepeat(state: RepeatState, options?: CallOptions): Promise<void> {
    const modes = {
      [RepeatState.Off]: RepeatMode.OFF,
      [RepeatState.Track]: RepeatMode.ONE,
      [RepeatState.All]: RepeatMode.ALL,
    };
    const repeatMode = modes[state];
    if (repeatMode === undefined)
      return Promise.reject(new RangeError(`unknown repeat state ${String(state)}`));
    return this.#command(Command.CHANGE_REPEAT_MODE, { repeatMode, sendOptions: 0 }, options);
  }

  #skip(command: Command, seconds: number, options?: CallOptions): Promise<void> {
    let interval = seconds;
    if (!(interval > 0))
      interval =
        this.#ctx.client.players.playing.commandInfo(command)?.preferredIntervals[0] ?? DEFAULT_SKIP_SECONDS;
    return this.#command(command, { skipInterval: interval }, options);
  }

  #key(key: HidKey, action: InputAction, options?: CallOptions): Promise<void> {
    return pressKey(this.#ctx.client.session, key, action, options);
  }

  #command(
    command: Command,
    commandOptions: Parameters<typeof sendCommand>[2],
    options?: CallOptions,
  ): Promise<void> {
    return sendCommand(this.#ctx.client.session, command, commandOptions, options);
  }
}
