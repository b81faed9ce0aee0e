import { PowerState } from "../enums.js";
import { TypedEmitter } from "../events.js";
import type { Power, PowerEvents, PowerOptions } from "../interfaces.js";
import { relayCall, settle, type FacadeState, type Relayer } from "./relayer.js";

/** Power relayed with Companion first; state changes from any protocol are forwarded once. */
export class FacadePower extends TypedEmitter<PowerEvents> implements Power {
  readonly #unsubscribe: (() => void)[] = [];
  #last: PowerState | undefined;

  constructor(
    private readonly state: FacadeState,
    private readonly relayer: Relayer<"power">,
  ) {
    super();
  }

  attach(): void {
    for (const instance of this.relayer.instances) {
      if (!instance.on) continue;
      this.#unsubscribe.push(
        instance.on("powerStateChanged", (oldState, newState) => {
          const previous = this.#last ?? oldState;
          if (newState === previous) return;
          this.#last = newState;
          this.emit("powerStateChanged", previous, newState);
        }),
      );
    }
  }

  get powerState(): PowerState {
    return relayCall(this.state, this.relayer, "powerState") ?? PowerState.Unknown;
  }
  turnOn(options?: PowerOptions): Promise<void> {
    return settle(() => relayCall(this.state, this.relayer, "turnOn")(options));
  }
  turnOff(options?: PowerOptions): Promise<void> {
    return settle(() => relayCall(this.state, this.relayer, "turnOff")(options));
  }

  detach(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
    this.removeAllListeners();
  }
}
