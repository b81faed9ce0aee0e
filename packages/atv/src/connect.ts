import {
  AppleTV,
  DeviceIdMissingError,
  MemoryStorage,
  NoServiceError,
  type AppleTVConfig,
  type Logger,
  type Storage,
} from "@atv/core";
import { loadModule, setupOrder } from "./registry.js";

export interface ConnectOptions {
  /** Ignored (pyatv compatibility); every enabled service is connected. */
  protocol?: unknown;
  /** Settings are loaded from here and applied before connecting (default: an empty MemoryStorage). */
  storage?: Storage;
  logger?: Logger;
  signal?: AbortSignal;
}

/**
 * Connects to a device: each enabled protocol is set up and connected, and the
 * returned facade relays every call to the best protocol. Close it when done
 * (`await atv.close()` or `await using atv = await connect(config)`).
 */
export async function connect(config: AppleTVConfig, options: ConnectOptions = {}): Promise<AppleTV> {
  options.signal?.throwIfAborted();
  if (config.services.length === 0) throw new NoServiceError(`no service to connect to for ${config.name}`);
  if (config.identifier === undefined) throw new DeviceIdMissingError(`${config.name} has no identifier`);
  const copy = config.clone();
  const storage = options.storage ?? new MemoryStorage();
  const settings = await storage.getSettings(copy);
  copy.apply(settings);
  const atv = new AppleTV(copy, settings);
  for (const protocol of setupOrder) {
    const service = copy.getService(protocol);
    if (!service?.enabled) continue;
    const module = await loadModule(protocol);
    if (!module) continue;
    const setups = module.setup({
      config: copy,
      service,
      settings,
      takeover: atv.takeover,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    for (const setup of setups) atv.addSetup(setup);
  }
  if (atv.protocols.length === 0) {
    throw new NoServiceError(`none of ${config.name}'s services can be connected by atv`);
  }
  await atv.connect(options.signal ? { signal: options.signal } : {});
  return atv;
}
