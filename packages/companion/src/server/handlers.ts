/** The fake device's request and event handlers, one per `_i` (a handler map, not a switch). */
import { randomInt } from "node:crypto";
import { InputAction } from "@atv/core";
import {
  ButtonState,
  HidCommand,
  MediaControlCommand,
  SystemStatus,
  TV_REMOTE_SERVICE,
} from "../codec/constants.js";
import {
  OpackFloat,
  opackGet,
  opackNumber,
  opackText,
  type OpackObject,
  type OpackValue,
} from "../codec/opack.js";
import { buildTextInputState, readTextOperation } from "../codec/rti.js";
import type { DeviceConnection } from "./device-connection.js";
import type { CompanionDeviceState } from "./state.js";
import type { CompanionUseCases } from "./use-cases.js";

/** Button presses in flight: code → time of the down event; the last tap for double-tap detection. */
export interface HidTracker {
  down: Map<number, number>;
  lastTap: { code: number; at: number } | undefined;
}

export interface HandlerContext {
  state: CompanionDeviceState;
  useCases: CompanionUseCases;
  connection: DeviceConnection;
  hid: HidTracker;
}

export type HandlerResult =
  { content: OpackValue; after?: () => void } | { error: string; code?: number; after?: () => void };

type RequestHandler = (content: OpackValue, ctx: HandlerContext) => HandlerResult;
type EventHandler = (content: OpackValue, ctx: HandlerContext) => void;

/** A press held this long is a hold (pyatv holds for 1 s). */
const HOLD_MS = 500;
/** Two taps this close are a double tap. */
const DOUBLE_TAP_MS = 300;

const ok = (content: OpackValue = {}, after?: () => void): HandlerResult =>
  after ? { content, after } : { content };

function stringArray(value: OpackValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function handleHid(code: number, buttonState: number, ctx: HandlerContext): void {
  const now = performance.now();
  const { hid, state, useCases } = ctx;
  if (buttonState === ButtonState.Down) {
    hid.down.set(code, now);
    return;
  }
  const downAt = hid.down.get(code);
  hid.down.delete(code);
  let action: InputAction = InputAction.SingleTap;
  if (downAt !== undefined && now - downAt >= HOLD_MS) action = InputAction.Hold;
  else if (hid.lastTap?.code === code && now - hid.lastTap.at < DOUBLE_TAP_MS) action = InputAction.DoubleTap;
  if (action === InputAction.DoubleTap) {
    state.buttons.pop();
    hid.lastTap = undefined;
  } else {
    hid.lastTap = action === InputAction.SingleTap ? { code, at: now } : undefined;
  }
  state.buttons.push({ code, action });
  if (code === HidCommand.Wake) useCases.powerOn();
  else if (code === HidCommand.Sleep) useCases.powerOff();
  else if (code === HidCommand.Screensaver) useCases.setSystemStatus(SystemStatus.Screensaver);
  else if (code === HidCommand.VolumeUp) useCases.setVolume(Math.min(100, state.volume * 100 + 5));
  else if (code === HidCommand.VolumeDown) useCases.setVolume(Math.max(0, state.volume * 100 - 5));
}

export const requestHandlers: Readonly<Record<string, RequestHandler>> = {
  _systemInfo(content, { state }) {
    state.lastSystemInfo = Object.fromEntries(Object.entries(content as OpackObject));
    return ok();
  },
  _touchStart: () => ok(),
  _touchStop: () => ok(),
  _sessionStart(content, { state }) {
    if (state.refuseSessionStart || opackGet(content, "_srvT") !== TV_REMOTE_SERVICE) {
      return { error: "Unsupported service type", code: -6714 };
    }
    return ok({ _sid: randomInt(1, 2 ** 31) });
  },
  _sessionStop: () => ok(),
  TVRCSessionStart: (content) => ok(content),
  _tiStart(_content, { state }) {
    const kb = state.keyboard;
    return ok(kb ? { _tiD: buildTextInputState(kb.sessionUuid, kb.text) } : {});
  },
  _tiStop: () => ok(),
  FetchAttentionState: (_content, { state }) => ok({ state: state.systemStatus }),
  FetchLaunchableApplicationsEvent: (_content, { state }) => ok(Object.fromEntries(state.apps)),
  _launchApp(content, { state, useCases }) {
    const bundleId = opackGet(content, "_bundleID");
    const url = opackGet(content, "_urlS");
    if (typeof url === "string") {
      state.openedUrls.push(url);
      return ok();
    }
    if (typeof bundleId !== "string" || !state.apps.has(bundleId)) {
      return { error: `Failed to launch ${opackText(bundleId)}`, code: -6727 };
    }
    useCases.launchApp(bundleId);
    return ok();
  },
  FetchUserAccountsEvent: (_content, { state }) => ok(Object.fromEntries(state.accounts)),
  SwitchUserAccountEvent(content, { state }) {
    const id = opackGet(content, "SwitchAccountID");
    if (typeof id !== "string" || !state.accounts.has(id))
      return { error: `Unknown account ${opackText(id)}`, code: -6727 };
    state.activeAccount = id;
    return ok();
  },
  _hidC(content, ctx) {
    const code = opackNumber(opackGet(content, "_hidC"));
    const buttonState = opackNumber(opackGet(content, "_hBtS"));
    if (code === undefined || buttonState === undefined) return { error: "Bad _hidC", code: -6705 };
    return ok({}, () => handleHid(code, buttonState, ctx));
  },
  _mcc(content, { state, useCases }) {
    const command = opackNumber(opackGet(content, "_mcc"));
    if (command === MediaControlCommand.GetVolume) return ok({ _vol: new OpackFloat(state.volume) });
    if (command === MediaControlCommand.SetVolume) {
      const level = opackNumber(opackGet(content, "_vol"));
      if (level === undefined || level < 0 || level > 1) return { error: "Bad volume", code: -6705 };
      return ok({}, () => useCases.setVolume(level * 100));
    }
    if (command === undefined) return { error: "Bad _mcc", code: -6705 };
    const args: Record<string, unknown> = {};
    const skip = opackNumber(opackGet(content, "_skpS"));
    if (skip !== undefined) args["_skpS"] = skip;
    state.mediaCommands.push({ command, args });
    return ok();
  },
};

export const eventHandlers: Readonly<Record<string, EventHandler>> = {
  _interest(content, { connection, state }) {
    for (const name of stringArray(opackGet(content, "_regEvents"))) {
      connection.subscriptions.add(name);
      if (name === "_iMC") connection.push("_iMC", { _mcF: state.mediaControlFlags });
    }
    for (const name of stringArray(opackGet(content, "_deregEvents"))) connection.subscriptions.delete(name);
  },
  _hidT(content, { state }) {
    const x = opackNumber(opackGet(content, "_cx"));
    const y = opackNumber(opackGet(content, "_cy"));
    const phase = opackNumber(opackGet(content, "_tPh"));
    const ns = opackNumber(opackGet(content, "_ns")) ?? 0;
    if (x === undefined || y === undefined || phase === undefined) return;
    state.touches.push({ x, y, phase, ns });
  },
  _tiC(content, { state }) {
    const data = opackGet(content, "_tiD");
    const kb = state.keyboard;
    if (!(data instanceof Uint8Array) || !kb) return;
    const op = readTextOperation(data);
    if (!op.sessionUuid || Buffer.compare(Buffer.from(op.sessionUuid), Buffer.from(kb.sessionUuid)) !== 0)
      return;
    if (op.assertText !== undefined) kb.text = op.assertText;
    if (op.insertText !== undefined) kb.text += op.insertText;
  },
};
