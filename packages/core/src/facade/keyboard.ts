import type { KeyboardFocusState } from "../enums.js";
import { TypedEmitter } from "../events.js";
import type { CallOptions, Keyboard, KeyboardEvents } from "../interfaces.js";
import { relayCall, settle, type FacadeState, type Relayer } from "./relayer.js";

export class FacadeKeyboard extends TypedEmitter<KeyboardEvents> implements Keyboard {
  readonly #unsubscribe: (() => void)[] = [];

  constructor(
    private readonly state: FacadeState,
    private readonly relayer: Relayer<"keyboard">,
  ) {
    super();
  }

  attach(): void {
    for (const instance of this.relayer.instances) {
      if (!instance.on) continue;
      this.#unsubscribe.push(
        instance.on("focusStateChanged", (o, n) => {
          if (this.relayer.mainInstance === instance) this.emit("focusStateChanged", o, n);
        }),
      );
    }
  }

  get textFocusState(): KeyboardFocusState {
    return relayCall(this.state, this.relayer, "textFocusState");
  }
  textGet(o?: CallOptions): Promise<string | undefined> {
    return settle(() => relayCall(this.state, this.relayer, "textGet")(o));
  }
  textClear(o?: CallOptions): Promise<void> {
    return settle(() => relayCall(this.state, this.relayer, "textClear")(o));
  }
  textAppend(text: string, o?: CallOptions): Promise<void> {
    return settle(() => relayCall(this.state, this.relayer, "textAppend")(text, o));
  }
  textSet(text: string, o?: CallOptions): Promise<void> {
    return settle(() => relayCall(this.state, this.relayer, "textSet")(text, o));
  }

  detach(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
    this.removeAllListeners();
  }
}
