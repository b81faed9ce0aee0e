/**
 * Touch gestures over Companion (companion.md §7.5): `_hidT` events on the 1000×1000 pad set up
 * by `_touchStart`, with nanoseconds since then; click = Select press then a phase-5 event.
 */
import { InputAction, TouchAction, type CallOptions, type TouchGestures } from "@atv/core";
import { ButtonState, HidCommand, TOUCHPAD_HEIGHT, TOUCHPAD_WIDTH } from "../codec/constants.js";
import type { CompanionContext } from "../context.js";
import { HOLD_MS, hidCommand, sleep } from "./hid.js";

/** Interval between swipe moves (pyatv: 16 ms). */
export const TOUCH_INTERVAL_MS = 16;
/** Pause between press and release of a click (pyatv: 20 ms). */
const CLICK_MS = 20;

function clamp(value: number, max: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`touch coordinate ${value} is not a number`);
  return Math.round(Math.min(Math.max(value, 0), max));
}

export class CompanionTouch implements TouchGestures {
  readonly #ctx: CompanionContext;
  constructor(ctx: CompanionContext) {
    this.#ctx = ctx;
  }

  /** One `_hidT` event at (x, y), clamped to the pad. */
  event(x: number, y: number, phase: TouchAction): void {
    const client = this.#ctx.client;
    client.session.event("_hidT", {
      _ns: Number(process.hrtime.bigint() - client.touchBase),
      _tFg: 1,
      _cx: clamp(x, TOUCHPAD_WIDTH),
      _tPh: phase,
      _cy: clamp(y, TOUCHPAD_HEIGHT),
    });
  }

  /** Press at the start, moves along the line every 16 ms until `durationMs` passed, release at the end. */
  async swipe(
    startX: number,
    startY: number,
    endX: number,
    endY: number,
    durationMs: number,
    options: CallOptions = {},
  ): Promise<void> {
    if (!Number.isFinite(durationMs) || durationMs < 0)
      throw new RangeError(`bad swipe duration ${durationMs}`);
    this.event(startX, startY, TouchAction.Press);
    const begin = performance.now();
    for (;;) {
      await sleep(TOUCH_INTERVAL_MS, options.signal);
      const fraction = Math.min(1, (performance.now() - begin) / Math.max(durationMs, 1));
      if (fraction >= 1) break;
      this.event(startX + (endX - startX) * fraction, startY + (endY - startY) * fraction, TouchAction.Hold);
    }
    this.event(endX, endY, TouchAction.Release);
  }

  action(x: number, y: number, mode: TouchAction, options: CallOptions = {}): Promise<void> {
    try {
      options.signal?.throwIfAborted();
      this.event(x, y, mode);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Select down, (20 ms | 1 s for a hold), Select up, then a click event at (1000, 1000); twice for a double tap. */
  async click(action: InputAction, options: CallOptions = {}): Promise<void> {
    const times = action === InputAction.DoubleTap ? 2 : 1;
    for (let i = 0; i < times; i++) {
      await hidCommand(this.#ctx, HidCommand.Select, ButtonState.Down, options);
      await sleep(action === InputAction.Hold ? HOLD_MS : CLICK_MS, options.signal);
      await hidCommand(this.#ctx, HidCommand.Select, ButtonState.Up, options);
      this.event(TOUCHPAD_WIDTH, TOUCHPAD_HEIGHT, TouchAction.Click);
    }
  }
}
