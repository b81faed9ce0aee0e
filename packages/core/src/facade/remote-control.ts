import type { InputAction, RepeatState, ShuffleState } from "../enums.js";
import type { CallOptions, RemoteControl } from "../interfaces.js";
import { relayCall, settle, type FacadeState, type Relayer } from "./relayer.js";

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
    return settle(() => this.#r("up")(action, o));
  }
  down(action?: InputAction, o?: CallOptions) {
    return settle(() => this.#r("down")(action, o));
  }
  left(action?: InputAction, o?: CallOptions) {
    return settle(() => this.#r("left")(action, o));
  }
  right(action?: InputAction, o?: CallOptions) {
    return settle(() => this.#r("right")(action, o));
  }
  play(o?: CallOptions) {
    return settle(() => this.#r("play")(o));
  }
  playPause(o?: CallOptions) {
    return settle(() => this.#r("playPause")(o));
  }
  pause(o?: CallOptions) {
    return settle(() => this.#r("pause")(o));
  }
  stop(o?: CallOptions) {
    return settle(() => this.#r("stop")(o));
  }
  next(o?: CallOptions) {
    return settle(() => this.#r("next")(o));
  }
  previous(o?: CallOptions) {
    return settle(() => this.#r("previous")(o));
  }
  select(action?: InputAction, o?: CallOptions) {
    return settle(() => this.#r("select")(action, o));
  }
  menu(action?: InputAction, o?: CallOptions) {
    return settle(() => this.#r("menu")(action, o));
  }
  volumeUp(o?: CallOptions) {
    return settle(() => this.#r("volumeUp")(o));
  }
  volumeDown(o?: CallOptions) {
    return settle(() => this.#r("volumeDown")(o));
  }
  home(action?: InputAction, o?: CallOptions) {
    return settle(() => this.#r("home")(action, o));
  }
  homeHold(o?: CallOptions) {
    return settle(() => this.#r("homeHold")(o));
  }
  topMenu(o?: CallOptions) {
    return settle(() => this.#r("topMenu")(o));
  }
  suspend(o?: CallOptions) {
    return settle(() => this.#r("suspend")(o));
  }
  wakeup(o?: CallOptions) {
    return settle(() => this.#r("wakeup")(o));
  }
  skipForward(seconds?: number, o?: CallOptions) {
    return settle(() => this.#r("skipForward")(seconds, o));
  }
  skipBackward(seconds?: number, o?: CallOptions) {
    return settle(() => this.#r("skipBackward")(seconds, o));
  }
  setPosition(seconds: number, o?: CallOptions) {
    return settle(() => this.#r("setPosition")(seconds, o));
  }
  setShuffle(s: ShuffleState, o?: CallOptions) {
    return settle(() => this.#r("setShuffle")(s, o));
  }
  setRepeat(s: RepeatState, o?: CallOptions) {
    return settle(() => this.#r("setRepeat")(s, o));
  }
  channelUp(o?: CallOptions) {
    return settle(() => this.#r("channelUp")(o));
  }
  channelDown(o?: CallOptions) {
    return settle(() => this.#r("channelDown")(o));
  }
  screensaver(o?: CallOptions) {
    return settle(() => this.#r("screensaver")(o));
  }
  guide(o?: CallOptions) {
    return settle(() => this.#r("guide")(o));
  }
  controlCenter(o?: CallOptions) {
    return settle(() => this.#r("controlCenter")(o));
  }
}
