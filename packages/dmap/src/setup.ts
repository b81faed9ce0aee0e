/** One DMAP protocol setup for the facade: capabilities built before connect, the session behind them. */
import {
  InvalidStateError,
  OperatingSystem,
  Protocol,
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
import { DmapAppleTV } from "./apple-tv.js";
import { DmapAudio } from "./capabilities/audio.js";
import { DMAP_FEATURES, DmapFeatures } from "./capabilities/features.js";
import { DmapMetadata } from "./capabilities/metadata.js";
import { DmapPushUpdater } from "./capabilities/push-updater.js";
import { DmapRemoteControl } from "./capabilities/remote-control.js";
import { DmapContext } from "./context.js";
import { DmapSession, type DmapSessionOptions } from "./session.js";

export interface DmapSetupOptions extends Omit<DmapSessionOptions, "logger"> {
  /** The identifier Metadata.deviceId reports. */
  deviceId?: string | undefined;
  /** Read the volume (`getproperty dmcp.volume`) after login so `audio.volume` is known. Default true. */
  readVolumeOnConnect?: boolean;
  logger?: Logger;
}

class SetupEvents extends TypedEmitter<DeviceEvents> implements ProtocolEvents {
  fire<K extends keyof DeviceEvents>(event: K, ...args: DeviceEvents[K]): void {
    this.emit(event, ...args);
  }
}

/** Every DMAP capability over one context. */
export class DmapCapabilities {
  readonly context: DmapContext;
  readonly remoteControl: DmapRemoteControl;
  readonly metadata: DmapMetadata;
  readonly pushUpdater: DmapPushUpdater;
  readonly audio: DmapAudio;
  readonly features: DmapFeatures;

  constructor(context: DmapContext, onConnectionLost: (error: Error) => void, logger?: Logger) {
    this.context = context;
    this.remoteControl = new DmapRemoteControl(context);
    this.metadata = new DmapMetadata(context);
    this.pushUpdater = new DmapPushUpdater(context, { onConnectionLost, ...(logger ? { logger } : {}) });
    this.audio = new DmapAudio(context);
    this.features = new DmapFeatures(context);
  }
}

export class DmapSetup implements ProtocolSetup {
  readonly protocol = Protocol.DMAP;
  readonly features: ReadonlySet<FeatureName> = DMAP_FEATURES;
  readonly capabilities: DmapCapabilities;
  readonly interfaces: ProtocolInterfaces;
  readonly events = new SetupEvents();
  readonly #options: DmapSetupOptions;
  #lost = false;

  constructor(options: DmapSetupOptions) {
    this.#options = options;
    const caps = new DmapCapabilities(
      new DmapContext(options.deviceId),
      (error) => {
        if (this.#lost) return;
        this.#lost = true;
        this.events.fire("connectionLost", error);
      },
      options.logger,
    );
    this.capabilities = caps;
    this.interfaces = {
      remoteControl: caps.remoteControl,
      metadata: caps.metadata,
      pushUpdater: caps.pushUpdater,
      audio: caps.audio,
      features: caps.features,
    };
  }

  /** The connected device once connect() succeeded. */
  get appleTV(): DmapAppleTV | undefined {
    return this.capabilities.context.current;
  }

  /** Logs in (pyatv's connect). */
  async connect(options: CallOptions = {}): Promise<void> {
    if (this.appleTV) throw new InvalidStateError("DMAP is already connected");
    const { deviceId: _deviceId, readVolumeOnConnect = true, ...sessionOptions } = this.#options;
    const session = new DmapSession(sessionOptions);
    try {
      await session.login(options);
    } catch (error) {
      session.close();
      throw error;
    }
    this.capabilities.context.current = new DmapAppleTV(session);
    // Best effort: learn the volume level (DACP getproperty); devices without it answer 500.
    if (!readVolumeOnConnect) return;
    await this.capabilities.audio
      .refresh({
        signal: AbortSignal.any([AbortSignal.timeout(2000), ...(options.signal ? [options.signal] : [])]),
      })
      .catch(() => undefined);
  }

  async close(): Promise<void> {
    this.capabilities.pushUpdater.stop();
    this.appleTV?.session.close();
    await Promise.resolve();
  }

  deviceInfo(): DeviceInfoFields {
    return { os: OperatingSystem.Legacy };
  }
}
