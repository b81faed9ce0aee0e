import type { AppleTVConfig } from "./config/apple-tv-config.js";
import type { BaseService } from "./config/service.js";
import { BackOffError, InvalidStateError, PairingError } from "./errors.js";
import type { CallOptions } from "./interfaces.js";
import { toCoreError } from "./leaf-errors.js";
import { createLogger, type Logger } from "./logger.js";
import { formatPin, type PairingHandler } from "./pairing.js";
import type { Storage } from "./storage/index.js";

/** Options every PIN-on-device pairing handler takes (MRP, Companion, AirPlay). */
export interface PinPairingOptions {
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

/**
 * The state machine shared by the pairing handlers where the device shows a PIN:
 *   begin():  refuses a second begin, resolves the host, `open()`s a connection, then `start()`s
 *             pair-setup on it (closing it again when that fails);
 *   pin():    parses the PIN (formatPin);
 *   finish(): refuses without begin() or a PIN, `complete()`s pair-setup, puts the credentials on
 *             the service and into storage, and always closes.
 * Every failure of start/complete surfaces as PairingError (BackOffError kept: it says when to
 * retry), the cause attached; hap-crypto errors are first mapped to core's (toCoreError).
 * `C` is what one pairing attempt holds open (a session or connection).
 */
export abstract class PinPairingHandler<
  C extends { close(): Promise<void> },
  O extends PinPairingOptions,
> implements PairingHandler {
  readonly service: BaseService;
  readonly deviceProvidesPin = true;
  protected readonly config: AppleTVConfig | undefined;
  protected readonly options: O;
  protected readonly log: Logger;
  readonly #context: string;
  #open: C | undefined;
  #pin: string | undefined;
  #paired = false;

  /**
   * @param loggerName the default logger's namespace, e.g. `atv:mrp:pairing`
   * @param context the prefix of error messages, e.g. `MRP pairing failed`
   */
  protected constructor(
    config: AppleTVConfig | undefined,
    service: BaseService,
    options: O,
    loggerName: string,
    context: string,
  ) {
    this.config = config;
    this.service = service;
    this.options = options;
    this.log = options.logger ?? createLogger(loggerName);
    this.#context = context;
    if (options.pin !== undefined) this.#pin = formatPin(options.pin);
  }

  get hasPaired(): boolean {
    return this.#paired;
  }

  /** The name the device shows for us. */
  protected get name(): string {
    return this.options.name ?? "atv";
  }

  /** Connects to `host` (failures are thrown as they are). */
  protected abstract open(host: string, options: CallOptions): Promise<C>;
  /** Starts pair-setup on the new connection; the device shows a PIN. */
  protected abstract start(open: C, options: CallOptions): Promise<void>;
  /** True when begin() got far enough for finish() (default: a connection is open). */
  protected canFinish(): boolean {
    return this.#open !== undefined;
  }
  /** Completes pair-setup with the PIN; returns the credentials string. */
  protected abstract complete(open: C, pin: string, options: CallOptions): Promise<string>;
  /** Called by close() before the connection closes (drop pair-setup state). */
  protected released(): void {}

  /** The connect options shared by the protocols: logger, signal, connect timeout. */
  protected connectOptions(options: CallOptions): {
    logger: Logger;
    signal?: AbortSignal;
    connectTimeoutMs?: number;
  } {
    return {
      logger: this.log,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(this.options.connectTimeoutMs === undefined
        ? {}
        : { connectTimeoutMs: this.options.connectTimeoutMs }),
    };
  }

  /** The session options shared by the protocols: logger, request timeout. */
  protected sessionOptions(): { logger: Logger; requestTimeoutMs?: number } {
    return {
      logger: this.log,
      ...(this.options.requestTimeoutMs === undefined
        ? {}
        : { requestTimeoutMs: this.options.requestTimeoutMs }),
    };
  }

  /** Connects and starts pair-setup; the device shows a PIN. */
  async begin(options: CallOptions = {}): Promise<void> {
    if (this.#open) throw new InvalidStateError("pairing already begun");
    const host = this.options.host ?? this.config?.address;
    if (!host) throw new PairingError("no address to pair with");
    const open = await this.open(host, options);
    this.#open = open;
    try {
      await this.start(open, options);
    } catch (error) {
      await this.close();
      throw this.pairingError(error);
    }
  }

  pin(pin: number | string): void {
    this.#pin = formatPin(pin);
  }

  /** Completes pair-setup with the PIN. PairingError on failure (wrong PIN included). */
  async finish(options: CallOptions = {}): Promise<void> {
    const open = this.#open;
    if (!open || !this.canFinish()) throw new InvalidStateError("call begin() before finish()");
    if (this.#pin === undefined) throw new PairingError("no PIN was given");
    try {
      this.service.credentials = await this.complete(open, this.#pin, options);
      this.#paired = true;
      this.log("pairing succeeded");
      if (this.options.storage && this.config)
        await this.options.storage.updateSettings(this.config, options);
    } catch (error) {
      throw this.pairingError(error);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    const open = this.#open;
    this.#open = undefined;
    this.released();
    await open?.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Errors that surface unwrapped (default: PairingError and BackOffError). */
  protected keepsError(error: unknown): boolean {
    return error instanceof PairingError || error instanceof BackOffError;
  }

  /** Extra text after the reason in a wrapped error message (default none). */
  protected errorDetail(_error: unknown): string {
    return "";
  }

  /** Every failure surfaces as PairingError (kept errors excepted), cause attached. */
  protected pairingError(error: unknown): Error {
    const mapped = toCoreError(error, this.#context);
    if (this.keepsError(mapped)) return mapped as Error;
    const reason = mapped instanceof Error ? mapped.message : String(mapped);
    return new PairingError(`${this.#context}: ${reason}${this.errorDetail(mapped)}`, { cause: mapped });
  }
}
