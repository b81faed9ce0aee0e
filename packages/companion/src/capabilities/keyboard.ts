/**
 * The virtual keyboard over Companion (companion.md §7.6): focus from `_tiStart`/`_tiStarted`/
 * `_tiStopped`; each text operation restarts the text session (as pyatv) for fresh state, then
 * sends `_tiC` with an RTI archive.
 */
import {
  KeyboardFocusState,
  TypedEmitter,
  type CallOptions,
  type Keyboard,
  type KeyboardEvents,
} from "@atv/core";
import { opackGet } from "../codec/opack.js";
import { buildClearTextPayload, buildInsertTextPayload, readTextInputState } from "../codec/rti.js";
import type { CompanionContext } from "../context.js";

export class CompanionKeyboard extends TypedEmitter<KeyboardEvents> implements Keyboard {
  readonly #ctx: CompanionContext;
  #focus: KeyboardFocusState = KeyboardFocusState.Unknown;

  constructor(ctx: CompanionContext) {
    super();
    this.#ctx = ctx;
    ctx.whenConnected((client) => {
      if (client.textInput !== null) {
        this.#focus = client.textInput ? KeyboardFocusState.Focused : KeyboardFocusState.Unfocused;
      }
      client.on("textInput", (tiD) =>
        this.#setFocus(tiD ? KeyboardFocusState.Focused : KeyboardFocusState.Unfocused),
      );
    });
  }

  get textFocusState(): KeyboardFocusState {
    return this.#focus;
  }

  textGet(options: CallOptions = {}): Promise<string | undefined> {
    return this.#command("", false, options);
  }

  async textClear(options: CallOptions = {}): Promise<void> {
    await this.#command("", true, options);
  }

  async textAppend(text: string, options: CallOptions = {}): Promise<void> {
    await this.#command(text, false, options);
  }

  async textSet(text: string, options: CallOptions = {}): Promise<void> {
    await this.#command(text, true, options);
  }

  /** pyatv's text_input_command: restart the session, read, clear and/or insert; the resulting text. */
  async #command(text: string, clear: boolean, options: CallOptions): Promise<string | undefined> {
    const client = this.#ctx.client;
    await client.request("_tiStop", {}, options);
    const content = await client.request("_tiStart", {}, options);
    const tiD = opackGet(content, "_tiD");
    this.#setFocus(tiD instanceof Uint8Array ? KeyboardFocusState.Focused : KeyboardFocusState.Unfocused);
    if (!(tiD instanceof Uint8Array)) return undefined;
    const state = readTextInputState(tiD);
    let current = state.text;
    if (clear) {
      client.session.event("_tiC", { _tiV: 1, _tiD: buildClearTextPayload(state.sessionUuid) });
      current = "";
    }
    if (text) {
      client.session.event("_tiC", { _tiV: 1, _tiD: buildInsertTextPayload(state.sessionUuid, text) });
      current += text;
    }
    return current;
  }

  #setFocus(next: KeyboardFocusState): void {
    const old = this.#focus;
    this.#focus = next;
    if (old !== next) this.emit("focusStateChanged", old, next);
  }
}
