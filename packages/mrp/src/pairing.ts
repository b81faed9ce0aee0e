/**
 * MRP pairing: the device shows a PIN, the user types it. Flow:
 *   begin(): connect, DEVICE_INFO, pair-setup M1 → M2 (the PIN appears)
 *   pin(1234)
 *   finish(): M3 → M4 → M5 → M6, then pair-verify on the same connection to
 *             check the new credentials; they are put on the service and in storage.
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
import { exchangePairingData, pairVerify } from "./auth.js";
import { clientDeviceInfo, deviceInfoMessage } from "./codec/messages.js";
import { MrpConnection } from "./connection.js";
import { MrpSession } from "./session.js";

export interface MrpPairingOptions {
  /** Host to connect to; default the config's address. */
  host?: string;
  /** The name the device shows for us. Default `atv`. */
  name?: string;
  /** The build we report in our DeviceInfo (pyatv: settings.info.os_build). */
  osBuild?: string | undefined;
  /** A PIN known in advance (tests, the simulator). */
  pin?: number | string;
  storage?: Storage;
  logger?: Logger;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export class MrpPairingHandler implements PairingHandler {
  readonly service: BaseService;
  readonly deviceProvidesPin = true;
  readonly #config: AppleTVConfig | undefined;
  readonly #options: MrpPairingOptions;
  readonly #log: Logger;
  #session: MrpSession | undefined;
  #setup: PairSetupClient | undefined;
  #m2: Uint8Array | undefined;
  #pin: string | undefined;
  #paired = false;

  constructor(config: AppleTVConfig | undefined, service: BaseService, options: MrpPairingOptions = {}) {
    this.#config = config;
    this.service = service;
    this.#options = options;
    this.#log = options.logger ?? createLogger("atv:mrp:pairing");
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
    const connection = await MrpConnection.connect(host, this.service.port, {
      logger: this.#log,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(this.#options.connectTimeoutMs === undefined
        ? {}
        : { connectTimeoutMs: this.#options.connectTimeoutMs }),
    });
    const session = new MrpSession(connection, {
      logger: this.#log,
      ...(this.#options.requestTimeoutMs === undefined
        ? {}
        : { requestTimeoutMs: this.#options.requestTimeoutMs }),
    });
    this.#session = session;
    try {
      const pairingId = randomUUID();
      await session.request(
        deviceInfoMessage(
          clientDeviceInfo(
            pairingId,
            this.#options.name ?? "atv",
            this.#options.osBuild ? { systemBuildVersion: this.#options.osBuild } : {},
          ),
        ),
        options,
      );
      this.#setup = new PairSetupClient({ pairingId });
      this.#m2 = await exchangePairingData(session, this.#setup.start(), { ...options, pairSetupM1: true });
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
    const session = this.#session;
    const setup = this.#setup;
    const m2 = this.#m2;
    if (!session || !setup || !m2) throw new InvalidStateError("call begin() before finish()");
    if (this.#pin === undefined) throw new PairingError("no PIN was given");
    this.#m2 = undefined;
    try {
      const m4 = await exchangePairingData(session, setup.handleM2(m2, this.#pin), options);
      const m6 = await exchangePairingData(session, setup.handleM4(m4), options);
      const { credentials } = setup.handleM6(m6);
      const text = formatCredentials(credentials);
      await pairVerify(session, credentials, options);
      this.service.credentials = text;
      this.#paired = true;
      if (this.#options.storage && this.#config)
        await this.#options.storage.updateSettings(this.#config, options);
    } catch (error) {
      throw this.#pairingError(error);
    } finally {
      setup.dispose();
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

  /** Every failure surfaces as PairingError (BackOffError kept: it says when to retry), cause attached. */
  #pairingError(error: unknown): Error {
    const mapped = toCoreError(error, "MRP pairing failed");
    if (mapped instanceof PairingError || mapped instanceof BackOffError) return mapped;
    const reason = mapped instanceof Error ? mapped.message : String(mapped);
    return new PairingError(`MRP pairing failed: ${reason}`, { cause: mapped });
  }
}
