/**
 * One Companion protocol setup for the facade: the capability objects (built before connect,
 * so the facade can register them) and the connection behind them.
 */
import {
  DeviceModel,
  Protocol,
  lookupModel,
  TypedEmitter,
  type CallOptions,
  type DeviceEvents,
  type DeviceInfoFields,
  type FeatureName,
  type Logger,
  type ProtocolEvents,
  type ProtocolInterfaces,
  type ProtocolSetup,
} from "@atv/core";
import { CompanionApps, CompanionUserAccounts } from "./capabilities/apps.js";
import { CompanionAudio } from "./capabilities/audio.js";
import { COMPANION_FEATURES, CompanionFeatures } from "./capabilities/features.js";
import { CompanionKeyboard } from "./capabilities/keyboard.js";
import { CompanionPower } from "./capabilities/power.js";
import { CompanionRemoteControl } from "./capabilities/remote-control.js";
import { CompanionTouch } from "./capabilities/touch.js";
import { CompanionClient, type CompanionClientOptions } from "./client.js";
import { CompanionContext } from "./context.js";

export interface CompanionSetupOptions extends Omit<CompanionClientOptions, keyof CallOptions> {
  host: string;
  port: number;
  /** TXT properties of the service (device info). */
  properties?: { get(key: string): string | undefined } | undefined;
  logger?: Logger;
}

/** Every Companion capability over one context. */
export class CompanionCapabilities {
  readonly context = new CompanionContext();
  readonly apps = new CompanionApps(this.context);
  readonly userAccounts = new CompanionUserAccounts(this.context);
  readonly power = new CompanionPower(this.context);
  readonly remoteControl = new CompanionRemoteControl(this.context);
  readonly audio = new CompanionAudio(this.context);
  readonly keyboard = new CompanionKeyboard(this.context);
  readonly touch = new CompanionTouch(this.context);
  readonly features = new CompanionFeatures(this.context, this.power);
}

class SetupEvents extends TypedEmitter<DeviceEvents> implements ProtocolEvents {
  fire<K extends keyof DeviceEvents>(event: K, ...args: DeviceEvents[K]): void {
    this.emit(event, ...args);
  }
}

export class CompanionSetup implements ProtocolSetup {
  readonly protocol = Protocol.Companion;
  readonly features: ReadonlySet<FeatureName> = COMPANION_FEATURES;
  readonly capabilities = new CompanionCapabilities();
  readonly interfaces: ProtocolInterfaces;
  readonly events = new SetupEvents();
  readonly #options: CompanionSetupOptions;

  constructor(options: CompanionSetupOptions) {
    this.#options = options;
    const caps = this.capabilities;
    this.interfaces = {
      apps: caps.apps,
      userAccounts: caps.userAccounts,
      power: caps.power,
      remoteControl: caps.remoteControl,
      audio: caps.audio,
      keyboard: caps.keyboard,
      touch: caps.touch,
      features: caps.features,
    };
  }

  get client(): CompanionClient | undefined {
    return this.capabilities.context.current;
  }

  async connect(options: CallOptions = {}): Promise<void> {
    const { host, port, properties: _properties, ...clientOptions } = this.#options;
    const client = await CompanionClient.connect(host, port, { ...clientOptions, ...options });
    client.on("connectionLost", (error) => this.events.fire("connectionLost", error));
    client.on("connectionClosed", () => this.events.fire("connectionClosed"));
    this.capabilities.context.attach(client);
  }

  async close(): Promise<void> {
    await this.client?.close();
  }

  deviceInfo(): DeviceInfoFields {
    return companionDeviceInfo(this.#options.properties ?? { get: () => undefined });
  }
}

/** Raw model from `rpMd`, and the model when known (pyatv's device_info). */
export function companionDeviceInfo(properties: { get(key: string): string | undefined }): DeviceInfoFields {
  const raw = properties.get("rpMd");
  if (!raw) return {};
  const model = lookupModel(raw);
  return model === DeviceModel.Unknown ? { rawModel: raw } : { rawModel: raw, model };
}
