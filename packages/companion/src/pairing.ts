/**
 * Companion pairing (companion.md §5): the Apple TV shows a PIN, the user types it.
 *   begin(): connect, pair-setup M1 → M2 (the PIN appears)
 *   pin(1234)
 *   finish(): M3 → M4 → M5 (with OPACK {name}) → M6; the credentials go on the service and
 *             into storage. Like pyatv, no pair-verify on the pairing connection.
 */
import { randomUUID } from "node:crypto";
import {
  BackOffError,
  InvalidStateError,
  PairingError,
  createLogger,
  toCoreError,
  formatPin,
  type AppleTVConfig,
  type BaseService,
  type CallOptions,
  type Logger,
  type PairingHandler,
  type Storage,
} from "@atv/core";
import { formatCredentials, PairSetupClient } from "@atv/hap-crypto";
import { CompanionPairSetup } from "./auth.js";
import { CompanionConnection } from "./connection.js";
import { CompanionSession } from "./session.js";

export interface CompanionPairingOptions {
  /** Host to connect to; default the config's address. */
  host?: string;
  /** The name the device shows for us. Default `atv`. */
  name?: string;
  /** A PIN known in advance (tests, the simulator). */
  pin?: number | string;
  storage?: Storage;
  logger?: Logger;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export class CompanionPairingHandler implements PairingHandler {
  readonly service: BaseService;
  readonly deviceProvidesPin = true;
  readonly #config: AppleTVConfig | undefined;
  readonly #options: CompanionPairingOptions;
  readonly #log: Logger;
  #session: CompanionSession | undefined;
  #setup: CompanionPairSetup | undefined;
  #pin: string | undefined;
  #paired = false;

  constructor(
    config: AppleTVConfig | undefined,
    service: BaseService,
    options: CompanionPairingOptions = {},
  ) {
    this.#config = config;
    this.service = service;
    this.#options = options;
    this.#log = options.logger ?? createLogger("atv:companion:pairing");
    if (options.pin !== undefined) this.#pin = formatPin(options.pin);
  }

  get hasPaired(): boolean {
    return this.#paired;
  }

  /** Connects and sends pair-setup M1; the device shows a PIN. */
  async begin(options: CallOptions = {}): Promise<void> {
    if (this.#session) throw new InvalidStateError("pairing already begun");
    const host = this.#options.host ?? this.#config?.address;
    if (!host) throw new PairingError("no address to pair with");
    const connection = await CompanionConnection.connect(host, this.service.port, {
      logger: this.#log,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(this.#options.connectTimeoutMs === undefined
        ? {}
        : { connectTimeoutMs: this.#options.connectTimeoutMs }),
    });
    const session = new CompanionSession(connection, {
      logger: this.#log,
      ...(this.#options.requestTimeoutMs === undefined
        ? {}
        : { requestTimeoutMs: this.#options.requestTimeoutMs }),
    });
    this.#session = session;
    try {
      const client = new PairSetupClient({
        pairingId: randomUUID(),
        info: CompanionPairSetup.info(this.#options.name ?? "atv"),
      });
      this.#setup = new CompanionPairSetup(session, client);
      await this.#setup.start(options);
    } catch (error) {
      await this.close();
      throw this.#pairingError(error);
    }
  }

  pin(pin: number | string): void {
    this.#pin = formatPin(pin);
  }

  /** Completes pair-setup with the PIN. PairingError on failure (wrong PIN included). */
  async finish(options: CallOptions = {}): Promise<void> {
    const setup = this.#setup;
    if (!this.#session || !setup) throw new InvalidStateError("call begin() before finish()");
    if (this.#pin === undefined) throw new PairingError("no PIN was given");
    this.#setup = undefined;
    try {
      const { credentials } = await setup.finish(this.#pin, options);
      this.service.credentials = formatCredentials(credentials);
      this.#paired = true;
      if (this.#options.storage && this.#config)
        await this.#options.storage.updateSettings(this.#config, options);
    } catch (error) {
      throw this.#pairingError(error);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    await session?.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #pairingError(error: unknown): Error {
    const mapped = toCoreError(error, "Companion pairing failed");
    if (mapped instanceof PairingError || mapped instanceof BackOffError) return mapped;
    const reason = mapped instanceof Error ? mapped.message : String(mapped);
    return new PairingError(`Companion pairing failed: ${reason}`, { cause: mapped });
  }
}
