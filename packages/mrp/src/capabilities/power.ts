/** Power over MRP: state from DeviceInfo.logicalDeviceCount, wake message, and the Home-hold menu to sleep (mrp.md §13). */
import {
  untilState,
  InputAction,
  PowerState,
  TypedEmitter,
  type Power,
  type PowerEvents,
  type PowerOptions,
} from "@atv/core";
import { wakeDeviceMessage } from "../codec/messages.js";
import type { DeviceInfoMessage } from "../gen/atv/mrp/device_info_pb.js";
import type { MrpContext } from "../context.js";
import type { MrpRemoteControl } from "./remote-control.js";

/** Pause between the Home hold and the Select that picks "Sleep" (pyatv: 0.1 s). */
const MENU_DELAY_MS = 100;

/**
 * pyatv reads `logicalDeviceCount` as a proto2 optional int: absent reads as
 * 0, so a DeviceInfo without it means Off (not Unknown). Unknown is only the
 * state before any DeviceInfo arrived.
 */
export function powerStateOf(info: DeviceInfoMessage): PowerState {
  return info.logicalDeviceCount >= 1 ? PowerState.On : PowerState.Off;
}

export class MrpPower extends TypedEmitter<PowerEvents> implements Power {
  readonly #ctx: MrpContext;
  readonly #remote: MrpRemoteControl;
  #state: PowerState = PowerState.Unknown;

  constructor(ctx: MrpContext, remote: MrpRemoteControl) {
    super();
    this.#ctx = ctx;
    this.#remote = remote;
    ctx.whenConnected((client) => {
      this.#state = powerStateOf(client.deviceInfo);
      client.on("deviceInfo", (info) => {
        const old = this.#state;
        this.#state = powerStateOf(info);
        if (old !== this.#state) this.emit("powerStateChanged", old, this.#state);
      });
    });
  }

  get powerState(): PowerState {
    return this.#state;
  }

  /** Sends WAKE_DEVICE; with `awaitNewState`, resolves once the device reports On. */
  async turnOn(options: PowerOptions = {}): Promise<void> {
    const reached = options.awaitNewState ? this.#until(PowerState.On, options.signal) : undefined;
    try {
      this.#ctx.client.session.send(wakeDeviceMessage());
    } catch (error) {
      reached?.catch(() => undefined);
      throw error;
    }
    await reached;
  }

  /** Holds Home (the power menu opens), then Select picks "Sleep"; `awaitNewState` waits for Off. */
  async turnOff(options: PowerOptions = {}): Promise<void> {
    const reached = options.awaitNewState ? this.#until(PowerState.Off, options.signal) : undefined;
    try {
      const call = options.signal ? { signal: options.signal } : {};
      await this.#remote.home(InputAction.Hold, call);
      await new Promise((resolve) => setTimeout(resolve, MENU_DELAY_MS));
      await this.#remote.select(InputAction.SingleTap, call);
    } catch (error) {
      reached?.catch(() => undefined);
      throw error;
    }
    await reached;
  }

  /** Resolves when the power state is `target` (at once if it already is). */
  #until(target: PowerState, signal: AbortSignal | undefined): Promise<void> {
    return untilState({
      current: this.#state,
      target,
      onChange: (listener) => this.on("powerStateChanged", (_old, next) => listener(next)),
      onClosed: (listener) => this.#ctx.client.session.transport.on("closed", listener),
      closedMessage: "the connection closed before the device reached the power state",
      signal,
    });
  }
}
