/**
 * Intent-level control of the fake Companion device: each use case changes the state and sends
 * what a real Apple TV would to every verified client (that subscribed, where it must).
 */
import { randomBytes } from "node:crypto";
import { SystemStatus } from "../codec/constants.js";
import type { OpackValue } from "../codec/opack.js";
import { buildTextInputState } from "../codec/rti.js";
import type { CompanionDeviceState } from "./state.js";

/** Sends an event to the clients (`always`: also those that did not subscribe). */
export type Notify = (identifier: string, content: OpackValue, always?: boolean) => void;

export class CompanionUseCases {
  readonly #state: CompanionDeviceState;
  readonly #notify: Notify;

  constructor(state: CompanionDeviceState, notify: Notify) {
    this.#state = state;
    this.#notify = notify;
  }

  setSystemStatus(status: SystemStatus): void {
    if (this.#state.systemStatus === status) return;
    this.#state.systemStatus = status;
    this.#notify("SystemStatus", { state: status });
    this.#notify("TVSystemStatus", { state: status });
  }

  powerOn(): void {
    this.setSystemStatus(SystemStatus.Awake);
  }

  powerOff(): void {
    this.setSystemStatus(SystemStatus.Asleep);
  }

  /** Volume in percent; clients learn it from `_iMC` + Get volume. */
  setVolume(percent: number): void {
    this.#state.volume = Math.min(1, Math.max(0, percent / 100));
    this.#notify("_iMC", { _mcF: this.#state.mediaControlFlags });
  }

  setMediaControlFlags(flags: number): void {
    this.#state.mediaControlFlags = flags;
    this.#notify("_iMC", { _mcF: flags });
  }

  /** A text field gets focus with `text` in it (`_tiStarted`). */
  focusKeyboard(text = ""): void {
    const sessionUuid = new Uint8Array(randomBytes(16));
    this.#state.keyboard = { sessionUuid, text };
    this.#notify("_tiStarted", { _tiD: buildTextInputState(sessionUuid, text) }, true);
  }

  /** The text field loses focus (`_tiStopped`). */
  unfocusKeyboard(): void {
    this.#state.keyboard = undefined;
    this.#notify("_tiStopped", {}, true);
  }

  launchApp(bundleId: string): void {
    this.#state.activeApp = bundleId;
  }

  setApps(apps: Iterable<[string, string]>): void {
    this.#state.apps.clear();
    for (const [id, name] of apps) this.#state.apps.set(id, name);
  }

  setAccounts(accounts: Iterable<[string, string]>): void {
    this.#state.accounts.clear();
    for (const [id, name] of accounts) this.#state.accounts.set(id, name);
  }
}
