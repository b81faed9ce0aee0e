/**
 * `pair(config, Protocol.AirPlay)`: HAP pair-setup with the PIN the receiver shows (airplay.md §5.1).
 *   begin():  connect, POST /pair-pin-start (the PIN appears), pair-setup M1 → M2
 *   pin(1234)
 *   finish(): M3 → M4 → M5 → M6, then pair-verify on the same connection to check the new
 *             credentials; they go on the service (pyatv's string) and into storage.
 * AirPlay 1 receivers with feature bit 27 pair with legacy `/pair-setup-pin` instead (`useLegacy`),
 * then legacy pair-verify checks the new credentials.
 */
import { randomUUID } from "node:crypto";
import {
  BackOffError,
  InvalidStateError,
  PairingError,
  createLogger,
  toCoreError,
  formatPin,
  isAtvError,
  type AppleTVConfig,
  type BaseService,
  type CallOptions,
  type Logger,
  type PairingHandler,
  type Storage,
} from "@atv/core";
import { decodePairSetupM2, formatCredentials, PairSetupClient, parseCredentials } from "@atv/hap-crypto";
import { HttpConnection } from "../http/connection.js";
import { Hkp, opackName, postPairing } from "./http.js";
import { legacyPairing, legacyVerify } from "./legacy.js";
import { hapPairVerify } from "./verify.js";

/** A legacy (AirPlay 1) pair-setup driver (default: `legacyPairing()`; replaceable for tests). */
export interface LegacyPairing {
  begin(connection: HttpConnection, options: CallOptions): Promise<void>;
  finish(connection: HttpConnection, pin: string, options: CallOptions): Promise<string>;
}

export interface AirPlayPairingOptions {
  /** Host to connect to; default the config's address. */
  host?: string;
  /** The name the receiver shows for us (`X-Apple-Client-Name` and the M5 name). Default `atv`. */
  name?: string;
  pin?: number | string;
  storage?: Storage;
  logger?: Logger;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Use legacy pairing (AirPlay 1). */
  useLegacy?: boolean;
  legacy?: LegacyPairing;
}

export class AirPlayPairingHandler implements PairingHandler {
  readonly service: BaseService;
  readonly deviceProvidesPin = true;
  readonly #config: AppleTVConfig | undefined;
  readonly #options: AirPlayPairingOptions;
  readonly #log: Logger;
  #connection: HttpConnection | undefined;
  #setup: PairSetupClient | undefined;
  #m2: Uint8Array | undefined;
  #pin: string | undefined;
  #legacy: LegacyPairing | undefined;
  #paired = false;

  constructor(config: AppleTVConfig | undefined, service: BaseService, options: AirPlayPairingOptions = {}) {
    this.#config = config;
    this.service = service;
    this.#options = options;
    this.#log = options.logger ?? createLogger("atv:airplay:pairing");
    if (options.pin !== undefined) this.#pin = formatPin(options.pin);
  }

  get hasPaired(): boolean {
    return this.#paired;
  }

  get #name(): string {
    return this.#options.name ?? "atv";
  }

  #call(options: CallOptions): CallOptions & { timeoutMs?: number } {
    return {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(this.#options.requestTimeoutMs === undefined ? {} : { timeoutMs: this.#options.requestTimeoutMs }),
    };
  }

  /** Connects and starts pair-setup; the receiver shows a PIN. */
  async begin(options: CallOptions = {}): Promise<void> {
    if (this.#connection) throw new InvalidStateError("pairing already begun");
    const host = this.#options.host ?? this.#config?.address;
    if (!host) throw new PairingError("no address to pair with");
    const connection = await HttpConnection.connect(host, this.service.port, {
      logger: this.#log,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(this.#options.connectTimeoutMs === undefined
        ? {}
        : { connectTimeoutMs: this.#options.connectTimeoutMs }),
    });
    this.#connection = connection;
    try {
      if (this.#options.useLegacy) {
        this.#legacy = this.#options.legacy ?? legacyPairing();
        await this.#legacy.begin(connection, this.#call(options));
        return;
      }
      const request = { ...this.#call(options), hkp: Hkp.Normal, clientName: this.#name };
      await postPairing(connection, "/pair-pin-start", new Uint8Array(0), request);
      this.#setup = new PairSetupClient({ pairingId: randomUUID(), info: opackName(this.#name) });
      this.#m2 = await postPairing(connection, "/pair-setup", this.#setup.start(), request);
      // An Error item (BackOff, MaxTries, Busy …) in M2 fails now, not after the user typed a PIN.
      decodePairSetupM2(this.#m2);
    } catch (error) {
      await this.close();
      throw this.#pairingError(error);
    }
  }

  pin(pin: number | string): void {
    this.#pin = formatPin(pin);
  }

  /** Completes pair-setup with the PIN and verifies the new credentials. PairingError on failure. */
  async finish(options: CallOptions = {}): Promise<void> {
    const connection = this.#connection;
    if (!connection) throw new InvalidStateError("call begin() before finish()");
    if (this.#pin === undefined) throw new PairingError("no PIN was given");
    const pin = this.#pin;
    try {
      let text: string;
      if (this.#legacy) {
        text = await this.#legacy.finish(connection, pin, this.#call(options));
        await legacyVerify(connection, parseCredentials(text), this.#call(options));
      } else {
        const setup = this.#setup;
        const m2 = this.#m2;
        if (!setup || !m2) throw new InvalidStateError("call begin() before finish()");
        this.#m2 = undefined;
        const request = { ...this.#call(options), hkp: Hkp.Normal, clientName: this.#name };
        try {
          const m4 = await postPairing(connection, "/pair-setup", setup.handleM2(m2, pin), request);
          const m6 = await postPairing(connection, "/pair-setup", setup.handleM4(m4), request);
          const { credentials } = setup.handleM6(m6);
          text = formatCredentials(credentials);
        } finally {
          setup.dispose();
        }
        const parsed = parseCredentials(text);
        if (parsed.kind === "hap") {
          const secret = await hapPairVerify(connection, parsed, this.#call(options));
          secret.fill(0);
        }
      }
      this.service.credentials = text;
      this.#paired = true;
      this.#log("pairing succeeded");
      if (this.#options.storage && this.#config)
        await this.#options.storage.updateSettings(this.#config, options);
    } catch (error) {
      throw this.#pairingError(error);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    this.#setup?.dispose();
    this.#setup = undefined;
    await connection?.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Every failure surfaces as PairingError (BackOffError kept: it says when to retry), cause attached. */
  #pairingError(error: unknown): Error {
    const mapped = toCoreError(error, "AirPlay pairing failed");
    if (
      mapped instanceof PairingError ||
      mapped instanceof BackOffError ||
      mapped instanceof InvalidStateError
    )
      return mapped;
    const reason = mapped instanceof Error ? mapped.message : String(mapped);
    const status = isAtvError(mapped) && "statusCode" in mapped ? ` (HTTP ${String(mapped.statusCode)})` : "";
    return new PairingError(`AirPlay pairing failed: ${reason}${status}`, { cause: mapped });
  }
}
