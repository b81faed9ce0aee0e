import type { AppleTVConfig } from "../config/apple-tv-config.js";
import type { BaseService } from "../config/service.js";
import { mergeDeviceInfo, type DeviceInfo } from "../device-info/index.js";
import { Protocol, nameOf } from "../enums.js";
import { ConnectionLostError, InvalidStateError, NoServiceError } from "../errors.js";
import { TypedEmitter } from "../events.js";
import type { CallOptions, DeviceEvents, InterfaceName } from "../interfaces.js";
import type { ProtocolSetup } from "../protocol-module.js";
import type { Settings } from "../settings/index.js";
import { FacadeAudio } from "./audio.js";
import { FacadeFeatures } from "./features.js";
import { FacadeKeyboard } from "./keyboard.js";
import { FacadeMetadata } from "./metadata.js";
import { FacadePower } from "./power.js";
import { FacadePushUpdater } from "./push-updater.js";
import { FacadeRemoteControl } from "./remote-control.js";
import { FacadeApps, FacadeTouchGestures, FacadeUserAccounts } from "./simple.js";
import { FacadeStream } from "./stream.js";
import { FacadeState, Relayer, powerPriority } from "./relayer.js";

const serviceOrder: readonly Protocol[] = [
  Protocol.MRP,
  Protocol.DMAP,
  Protocol.Companion,
  Protocol.AirPlay,
  Protocol.RAOP,
];

type Relayers = { [K in InterfaceName]: Relayer<K> };

/**
 * A connected device: every capability relays to the protocol that does it
 * best. `close()` is idempotent and awaitable; afterwards every call throws
 * BlockedStateError. `connectionLost`/`connectionClosed` fire at most once.
 */
export class AppleTV extends TypedEmitter<DeviceEvents> implements AsyncDisposable {
  readonly config: AppleTVConfig;
  readonly settings: Settings;
  readonly remoteControl: FacadeRemoteControl;
  readonly metadata: FacadeMetadata;
  readonly pushUpdater: FacadePushUpdater;
  readonly stream: FacadeStream;
  readonly power: FacadePower;
  readonly features: FacadeFeatures;
  readonly apps: FacadeApps;
  readonly userAccounts: FacadeUserAccounts;
  readonly audio: FacadeAudio;
  readonly keyboard: FacadeKeyboard;
  readonly touch: FacadeTouchGestures;

  readonly #state = new FacadeState();
  readonly #setups: ProtocolSetup[] = [];
  readonly #relayers: Relayers;
  readonly #unsubscribe: (() => void)[] = [];
  #connected = false;
  #closing: Promise<void> | undefined;
  #deviceEventSent = false;

  constructor(config: AppleTVConfig, settings: Settings) {
    super();
    this.config = config;
    this.settings = settings;
    this.#relayers = {
      remoteControl: new Relayer("remoteControl"),
      metadata: new Relayer("metadata"),
      pushUpdater: new Relayer("pushUpdater"),
      stream: new Relayer("stream"),
      power: new Relayer("power", powerPriority),
      features: new Relayer("features"),
      apps: new Relayer("apps"),
      userAccounts: new Relayer("userAccounts"),
      audio: new Relayer("audio"),
      keyboard: new Relayer("keyboard"),
      touch: new Relayer("touch"),
    };
    const s = this.#state;
    const r = this.#relayers;
    this.remoteControl = new FacadeRemoteControl(s, r.remoteControl);
    this.metadata = new FacadeMetadata(s, r.metadata, config.identifier);
    this.pushUpdater = new FacadePushUpdater(s, r.pushUpdater);
    this.features = new FacadeFeatures(s, () => this.#setups);
    this.stream = new FacadeStream(s, r.stream, this.features);
    this.power = new FacadePower(s, r.power);
    this.apps = new FacadeApps(s, r.apps);
    this.userAccounts = new FacadeUserAccounts(s, r.userAccounts);
    this.audio = new FacadeAudio(s, r.audio);
    this.keyboard = new FacadeKeyboard(s, r.keyboard);
    this.touch = new FacadeTouchGestures(s, r.touch);
  }

  /** Routes interfaces to one protocol until the returned function is called (see ProtocolCore.takeover). */
  readonly takeover = (protocol: Protocol, ...interfaces: InterfaceName[]): (() => void) => {
    const taken: Relayer<InterfaceName>[] = [];
    try {
      for (const name of interfaces) {
        const relayer = this.#relayers[name] as Relayer<InterfaceName>;
        relayer.takeover(protocol);
        taken.push(relayer);
      }
    } catch (error) {
      for (const relayer of taken) relayer.release();
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const relayer of taken) relayer.release();
    };
  };

  /** Adds a set-up protocol (before connect). A protocol added twice keeps its first setup. */
  addSetup(setup: ProtocolSetup): void {
    if (this.#connected) throw new InvalidStateError("cannot add a protocol after connect()");
    if (this.#setups.some((s) => s.protocol === setup.protocol)) return;
    this.#setups.push(setup);
    for (const name of Object.keys(setup.interfaces) as InterfaceName[]) {
      const instance = setup.interfaces[name];
      if (instance) (this.#relayers[name] as Relayer<InterfaceName>).register(setup.protocol, instance);
    }
    if (setup.events) {
      // As pyatv: a protocol's lost or closed connection closes the whole device (after the event).
      this.#unsubscribe.push(
        setup.events.on("connectionLost", (error) => {
          this.#deviceEvent(() => this.emit("connectionLost", error));
          void this.#shutdown(
            error instanceof ConnectionLostError
              ? error
              : new ConnectionLostError(error.message, { cause: error }),
          );
        }),
        setup.events.on("connectionClosed", () => {
          this.#deviceEvent(() => this.emit("connectionClosed"));
          void this.#shutdown(undefined);
        }),
      );
    }
  }

  /** The protocols set up, in the order they were added. */
  get protocols(): Protocol[] {
    return this.#setups.map((s) => s.protocol);
  }

  /** Connects every protocol; if one fails, the others are closed and the error is thrown. */
  async connect(options: CallOptions = {}): Promise<void> {
    this.#state.guard();
    if (this.#connected) throw new InvalidStateError("already connected");
    if (this.#setups.length === 0) throw new NoServiceError("no protocol could be set up for this device");
    this.#connected = true;
    this.pushUpdater.attach();
    this.power.attach();
    this.audio.attach();
    this.keyboard.attach();
    const results = await Promise.allSettled(this.#setups.map((s) => s.connect(options)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) {
      await this.close();
      throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
    }
  }

  /** Device info merged over the config's and every connected protocol's. */
  get deviceInfo(): DeviceInfo {
    return mergeDeviceInfo(...this.#setups.map((s) => s.deviceInfo()), this.config.deviceInfo);
  }

  /** The main service: MRP, DMAP, Companion, AirPlay, RAOP. */
  get service(): BaseService {
    for (const p of serviceOrder) {
      const s = this.config.getService(p);
      if (s) return s;
    }
    throw new NoServiceError("config has no services");
  }

  get closed(): boolean {
    return this.#state.closed;
  }

  /**
   * Stops push updates, closes every protocol and blocks the API (every call then
   * fails with BlockedStateError; push-update iterators end). Idempotent: the same
   * promise every time. Called by itself when a connection is lost or closed.
   */
  close(): Promise<void> {
    return this.#shutdown(undefined);
  }

  #shutdown(lost: ConnectionLostError | undefined): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#state.close(lost);
    this.pushUpdater.detach();
    this.power.detach();
    this.audio.detach();
    this.keyboard.detach();
    for (const u of this.#unsubscribe.splice(0)) u();
    this.#closing = Promise.allSettled(this.#setups.map((s) => s.close())).then(() => undefined);
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  override toString(): string {
    return `${this.config.name} (${this.config.address}) via ${this.protocols.map((p) => nameOf(Protocol, p)).join(", ")}`;
  }

  #deviceEvent(send: () => void): void {
    if (this.#deviceEventSent) return;
    this.#deviceEventSent = true;
    send();
  }
}
