/** `_hidC` button presses with pyatv's tap / double tap / hold timing (companion.md §7.2). */
import { InputAction, type CallOptions } from "@atv/core";
import { ButtonState } from "../codec/constants.js";
import type { CompanionContext } from "../context.js";
import { abortReason } from "../session.js";

/** How long a hold keeps the button down (pyatv: 1 s). */
export const HOLD_MS = 1000;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** One `_hidC` request. */
export async function hidCommand(
  ctx: CompanionContext,
  code: number,
  state: number,
  options: CallOptions = {},
): Promise<void> {
  await ctx.client.request("_hidC", { _hBtS: state, _hidC: code }, options);
}

/** Presses a button: a tap is down + up, a double tap two taps, a hold down, 1 s, up. */
export async function pressButton(
  ctx: CompanionContext,
  code: number,
  action: InputAction = InputAction.SingleTap,
  options: CallOptions = {},
): Promise<void> {
  const taps = action === InputAction.DoubleTap ? 2 : 1;
  for (let i = 0; i < taps; i++) {
    await hidCommand(ctx, code, ButtonState.Down, options);
    if (action === InputAction.Hold) {
      try {
        await sleep(HOLD_MS, options.signal);
      } catch (error) {
        // Never leave a key pressed: release it even when the hold was aborted.
        await hidCommand(ctx, code, ButtonState.Up).catch(() => undefined);
        throw error;
      }
    }
    await hidCommand(ctx, code, ButtonState.Up, options);
  }
}
