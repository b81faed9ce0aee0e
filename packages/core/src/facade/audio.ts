import { ProtocolError } from "../errors.js";
import { TypedEmitter } from "../events.js";
import type { Audio, AudioEvents, CallOptions } from "../interfaces.js";
import type { OutputDevice } from "../values.js";
import { relayCall, settle, type FacadeState, type Relayer } from "./relayer.js";

function checkLevel(level: number, what: string): number {
  if (!Number.isFinite(level) || level < 0 || level > 100) {
    throw new ProtocolError(`${what} ${level} is outside 0.0–100.0`);
  }
  return level;
}

/** Audio relayed by priority; events forwarded from the protocol currently relayed. */
export class FacadeAudio extends TypedEmitter<AudioEvents> implements Audio {
  readonly #unsubscribe: (() => void)[] = [];

  constructor(
    private readonly state: FacadeState,
    private readonly relayer: Relayer<"audio">,
  ) {
    super();
  }

  attach(): void {
    for (const instance of this.relayer.instances) {
      if (!instance.on) continue;
      const fromMain =
        <A extends unknown[]>(f: (...a: A) => void) =>
        (...a: A) => {
          if (this.relayer.mainInstance === instance) f(...a);
        };
      this.#unsubscribe.push(
        instance.on(
          "volumeChanged",
          fromMain((o, n) => this.emit("volumeChanged", o, n)),
        ),
        instance.on(
          "outputDeviceVolumeChanged",
          fromMain((d, o, n) => this.emit("outputDeviceVolumeChanged", d, o, n)),
        ),
        instance.on(
          "outputDevicesChanged",
          fromMain((o, n) => this.emit("outputDevicesChanged", o, n)),
        ),
      );
    }
  }

  /** Volume in percent; ProtocolError if the protocol reports a value outside 0–100. */
  get volume(): number {
    return checkLevel(relayCall(this.state, this.relayer, "volume"), "volume");
  }
  setVolume(level: number, options?: CallOptions & { outputDevice?: OutputDevice }): Promise<void> {
    return settle(() => {
      this.state.guard();
      checkLevel(level, "volume level");
      return relayCall(this.state, this.relayer, "setVolume")(level, options);
    });
  }
  volumeUp(options?: CallOptions): Promise<void> {
    return settle(() => relayCall(this.state, this.relayer, "volumeUp")(options));
  }
  volumeDown(options?: CallOptions): Promise<void> {
    return settle(() => relayCall(this.state, this.relayer, "volumeDown")(options));
  }
  get outputDevices(): readonly OutputDevice[] {
    return relayCall(this.state, this.relayer, "outputDevices");
  }
  addOutputDevices(ids: readonly string[], options?: CallOptions): Promise<void> {
    return settle(() => relayCall(this.state, this.relayer, "addOutputDevices")(ids, options));
  }
  removeOutputDevices(ids: readonly string[], options?: CallOptions): Promise<void> {
    return settle(() => relayCall(this.state, this.relayer, "removeOutputDevices")(ids, options));
  }
  setOutputDevices(ids: readonly string[], options?: CallOptions): Promise<void> {
    return settle(() => relayCall(this.state, this.relayer, "setOutputDevices")(ids, options));
  }

  detach(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
    this.removeAllListeners();
  }
}
