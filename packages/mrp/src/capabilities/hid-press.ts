/** Pressing a key the way pyatv does: HID down/up, then a GENERIC_MESSAGE round trip as a flush. */
import { InputAction, type CallOptions } from "@atv/core";
import { genericMessage, hidEventMessage } from "../codec/messages.js";
import type { HidKey } from "../codec/hid.js";
import type { MrpSession } from "../session.js";
import { abortReason } from "../session.js";

/** How long a Hold keeps the key down. */
export const HOLD_MS = 1000;

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
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

export interface PressOptions extends CallOptions {
  /** Skip the GENERIC_MESSAGE flush (volume steps wait for VOLUME_DID_CHANGE instead). */
  flush?: boolean;
}

async function pressOnce(
  session: MrpSession,
  key: HidKey,
  hold: boolean,
  options: PressOptions,
): Promise<void> {
  session.send(hidEventMessage(key, true));
  try {
    if (hold) {
      const signal = options.signal
        ? AbortSignal.any([options.signal, session.closedSignal])
        : session.closedSignal;
      await delay(HOLD_MS, signal);
    }
  } finally {
    // Even when aborted during a hold, release the key.
    if (!session.closed) session.send(hidEventMessage(key, false));
  }
  if (options.flush !== false)
    await session.request(genericMessage(), options.signal ? { signal: options.signal } : {});
}

/** SingleTap = one press, DoubleTap = two presses, Hold = down, 1 s, up. */
export async function pressKey(
  session: MrpSession,
  key: HidKey,
  action: InputAction = InputAction.SingleTap,
  options: PressOptions = {},
): Promise<void> {
  options.signal?.throwIfAborted();
  switch (action) {
    case InputAction.SingleTap:
      return pressOnce(session, key, false, options);
    case InputAction.DoubleTap:
      await pressOnce(session, key, false, options);
      return pressOnce(session, key, false, options);
    case InputAction.Hold:
      return pressOnce(session, key, true, options);
    default: {
      const never: never = action;
      throw new RangeError(`unknown input action ${String(never)}`);
    }
  }
}
