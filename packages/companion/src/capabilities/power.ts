/** Power over Companion: SystemStatus events and `_hidC` Wake/Sleep (companion.md §7.2, §7.7). */
import {
  untilState,
  PowerState,
  TypedEmitter,
  type Power,
  type PowerEvents,
  type PowerOptions,
} from "@atv/core";
import { ButtonState, HidCommand, SystemStatus } from "../codec/constants.js";
import type { CompanionContext } from "../context.js";
import { hidCommand } from "./hid.js";

export function powerStateOf(status: number | undefined): PowerState {
  if (status === SystemStatus.Asleep) return PowerState.Off;
  if (status === SystemStatus.Screensaver || status === SystemStatus.Awake || status === SystemStatus.Idle) {
    return PowerState.On;
  }
  return PowerState.Unknown;
}

export class CompanionPower extends TypedEmitter<PowerEvents> implements Power {
  readonly #ctx: CompanionContext;
  #state: PowerState = PowerState.Unknown;

  constructor(ctx: CompanionContext) {
    super();
    this.#ctx = ctx;
    ctx.whenConnected((client) => {
      this.#state = powerStateOf(client.systemStatus);
      client.on("systemStatus", (status) => {
        const old = this.#state;
        this.#state = powerStateOf(status);
        if (old !== this.#state) this.emit("powerStateChanged", old, this.#state);
      });
    });
  }

  /** Whether the device reported a power state (pyatv: supports_power_updates). */
  get supportsPowerUpdates(): boolean {
    return this.#state !== PowerState.Unknown;
  }

  get powerState(): PowerState {
    return this.#state;
  }

  /** `_hidC` Wake (button up only, as pyatv); `awaitNewState` waits for a SystemStatus saying On. */
  turnOn(options: PowerOptions = {}): Promise<void> {
    return this.#press(HidCommand.Wake, PowerState.On, options);
  }

  /** `_hidC` Sleep; `awaitNewState` waits for Off. */
  turnOff(options: PowerOptions = {}): Promise<void> {
    return this.#press(HidCommand.Sleep, PowerState.Off, options);
  }

  async #press(code: number, target: PowerState, options: PowerOptions): Promise<void> {
    const reached = options.awaitNewState ? this.#until(target, options.signal) : undefined;
    try {
      await hidCommand(this.#ctx, code, ButtonState.Up, options.signal ? { signal: options.signal } : {});
    } catch (error) {
      reached?.catch(() => undefined);
      throw error;
    }
    await reached;
  }

  #until(target: PowerState, signal: AbortSignal | undefined): Promise<void> {
    return untilState({
      current: this.#state,
      target,
      onChange: (listener) => this.on("powerStateChanged", (_old, next) => listener(next)),
      onClosed: (listener) => this.#ctx.client.session.connection.on("closed", listener),
      closedMessage: "the connection closed before the device reached the power state",
      signal,
    });
  }
}
