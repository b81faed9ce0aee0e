import type { InputAction, TouchAction } from "../enums.js";
import type { Apps, CallOptions, TouchGestures, UserAccounts } from "../interfaces.js";
import type { App, UserAccount } from "../values.js";
import { relayCall, settle, type FacadeState, type Relayer } from "./relayer.js";

export class FacadeApps implements Apps {
  constructor(
    private readonly state: FacadeState,
    private readonly relayer: Relayer<"apps">,
  ) {}
  appList(o?: CallOptions): Promise<App[]> {
    return settle(() => relayCall(this.state, this.relayer, "appList")(o));
  }
  launchApp(bundleIdOrUrl: string, o?: CallOptions): Promise<void> {
    return settle(() => relayCall(this.state, this.relayer, "launchApp")(bundleIdOrUrl, o));
  }
}

export class FacadeUserAccounts implements UserAccounts {
  constructor(
    private readonly state: FacadeState,
    private readonly relayer: Relayer<"userAccounts">,
  ) {}
  accountList(o?: CallOptions): Promise<UserAccount[]> {
    return settle(() => relayCall(this.state, this.relayer, "accountList")(o));
  }
  switchAccount(accountId: string, o?: CallOptions): Promise<void> {
    return settle(() => relayCall(this.state, this.relayer, "switchAccount")(accountId, o));
  }
}

export class FacadeTouchGestures implements TouchGestures {
  constructor(
    private readonly state: FacadeState,
    private readonly relayer: Relayer<"touch">,
  ) {}
  swipe(startX: number, startY: number, endX: number, endY: number, durationMs: number, o?: CallOptions) {
    return settle(() =>
      relayCall(this.state, this.relayer, "swipe")(startX, startY, endX, endY, durationMs, o),
    );
  }
  action(x: number, y: number, mode: TouchAction, o?: CallOptions) {
    return settle(() => relayCall(this.state, this.relayer, "action")(x, y, mode, o));
  }
  click(action: InputAction, o?: CallOptions) {
    return settle(() => relayCall(this.state, this.relayer, "click")(action, o));
  }
}
