import {
  MemoryStorage,
  NoServiceError,
  NotSupportedError,
  Protocol,
  nameOf,
  type AppleTVConfig,
  type CallOptions,
  type Logger,
  type PairingHandler,
  type Storage,
} from "@atv/core";
import { loadModule } from "./registry.js";

export interface PairOptions {
  /** Name shown on the device (default: settings `info.name`). */
  name?: string;
  /** The PIN, when known in advance. */
  pin?: number | string;
  /** DMAP: the pairing GUID we announce (16 hex digits); default random. */
  pairingGuid?: string;
  /** Where the new credentials are saved (default: an in-memory storage). */
  storage?: Storage;
  logger?: Logger;
  signal?: AbortSignal;
}

/**
 * Returns a pairing handler for one protocol of the device. On success the
 * credentials are on `handler.service.credentials`, and written to `storage` and saved.
 */
export async function pair(
  config: AppleTVConfig,
  protocol: Protocol,
  options: PairOptions = {},
): Promise<PairingHandler> {
  options.signal?.throwIfAborted();
  const service = config.getService(protocol);
  if (!service) throw new NoServiceError(`${config.name} has no ${nameOf(Protocol, protocol)} service`);
  const module = await loadModule(protocol);
  if (!module) throw new NotSupportedError(`atv cannot pair ${nameOf(Protocol, protocol)} yet`);
  const storage = options.storage ?? new MemoryStorage();
  const settings = await storage.getSettings(config);
  const inner = module.pair(config, service, {
    settings,
    storage,
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.pin !== undefined ? { pin: options.pin } : {}),
    ...(options.pairingGuid !== undefined ? { pairingGuid: options.pairingGuid } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return new StoringPairingHandler(inner, config, storage);
}

/** Wraps a protocol's handler: after a successful finish the credentials go to storage. */
class StoringPairingHandler implements PairingHandler {
  constructor(
    private readonly inner: PairingHandler,
    private readonly config: AppleTVConfig,
    private readonly storage: Storage,
  ) {}
  get service() {
    return this.inner.service;
  }
  get deviceProvidesPin() {
    return this.inner.deviceProvidesPin;
  }
  get hasPaired() {
    return this.inner.hasPaired;
  }
  begin(options?: CallOptions) {
    return this.inner.begin(options);
  }
  pin(pin: number | string) {
    this.inner.pin(pin);
  }
  async finish(options?: CallOptions) {
    await this.inner.finish(options);
    if (this.inner.hasPaired) {
      await this.storage.updateSettings(this.config);
      await this.storage.save(options);
    }
  }
  close() {
    return this.inner.close();
  }
  [Symbol.asyncDispose]() {
    return this.close();
  }
}
