import type { InputAction, RepeatState, ShuffleState } from "../enums.js";
import type { CallOptions, RemoteControl } from "../interfaces.js";
import { relayCall, type FacadeState, type Relayer } from "./relayer.js";

/** RemoteControl relayed to the highest-priority protocol implementing each button. */
export class FacadeRemoteControl implements RemoteControl {
  constructor(
    private readonly state: FacadeState,
    private readonly relayer: Relayer<"remoteControl">,
  ) {}
  #r<M extends keyof RemoteControl>(m: M): RemoteControl[M] {
    return relayCall(this.state, this.relayer, m);
  }
  up(action?: InputAction, o?: CallOptions) {
    return this.#r("up")(action, o);
  }
  down(action?: InputAction, o?: CallOptions) {
    return this.#r("down")(action, o);
  }
  left(action?: InputAction, o?: CallOptions) {
    return this.#r("left")(action, o);
  }
  right(action?: InputAction, o?: CallOptions) {
    return this.#r("right")(action, o);
  }
  play(o?: CallOptions) {
    return this.#r("play")(o);
  }
  playPause(o?: CallOptions) {
    return this.#r("playPause")(o);
  }
  pause(o?: CallOptions) {
    return this.#r("pause")(o);
  }
  stop(o?: CallOptions) {
    return this.#r("stop")(o);
  }
  next(o?: CallOptions) {
    return this.#r("next")(o);
  }
  previous(o?: CallOptions) {
    return this.#r("previous")(o);
  }
  select(action?: InputAction, o?: CallOptions) {
    return this.#r("select")(action, o);
  }
  menu(action?: InputAction, o?: CallOptions) {
    return this.#r("menu")(action, o);
  }
  volumeUp(o?: CallOptions) {
    return this.#r("volumeUp")(o);
  }
  volumeDown(o?: CallOptions) {
    return this.#r("volumeDown")(o);
  }
  home(action?: InputAction, o?: CallOptions) {
    return this.#r("home")(action, o);
  }
  homeHold(o?: CallOptions) {
    return this.#r("homeHold")(o);
  }
  topMenu(o?: CallOptions) {
    return this.#r("topMenu")(o);
  }
  suspend(o?: CallOptions) {
    return this.#r("suspend")(o);
  }
  wakeup(o?: CallOptions) {
    return this.#r("wakeup")(o);
  }
  skipForward(seconds?: number, o?: CallOptions) {
    return this.#r("skipForward")(seconds, o);
  }
  skipBackward(seconds?: number, o?: CallOptions) {
    return this.#r("skipBackward")(seconds, o);
  }
  setPosition(seconds: number, o?: CallOptions) {
    return this.#r("setPosition")(seconds, o);
  }
  setShuffle(s: ShuffleState, o?: CallOptions) {
    return this.#r("setShuffle")(s, o);
  }
  setRepeat(s: RepeatState, o?: CallOptions) {
    return this.#r("setRepeat")(s, o);
  }
  channelUp(o?: CallOptions) {
    return this.#r("channelUp")(o);
  }
  channelDown(o?: CallOptions) {
    return this.#r("channelDown")(o);
  }
  screensaver(o?: CallOptions) {
    return this.#r("screensaver")(o);
  }
  guide(o?: CallOptions) {
    return this.#r("guide")(o);
  }
  controlCenter(o?: CallOptions) {
    return this.#r("controlCenter")(o);
  }
}
