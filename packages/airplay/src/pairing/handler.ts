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
  InvalidStateError,
  PinPairingHandler,
  isAtvError,
  type AppleTVConfig,
  type BaseService,
  type CallOptions,
  type PinPairingOptions,
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

export interface AirPlayPairingOptions extends PinPairingOptions {
  /** The name the receiver shows for us (`X-Apple-Client-Name` and the M5 name). Default `atv`. */
  name?: string;
  /** Use legacy pairing (AirPlay 1). */
  useLegacy?: boolean;
  legacy?: LegacyPairing;
}

export class AirPlayPairingHandler extends PinPairingHandler<HttpConnection, AirPlayPairingOptions> {
  #setup: PairSetupClient | undefined;
  #m2: Uint8Array | undefined;
  #legacy: LegacyPairing | undefined;

  constructor(config: AppleTVConfig | undefined, service: BaseService, options: AirPlayPairingOptions = {}) {
    super(config, service, options, "atv:airplay:pairing", "AirPlay pairing failed");
  }

  #call(options: CallOptions): CallOptions & { timeoutMs?: number } {
    return {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(this.options.requestTimeoutMs === undefined ? {} : { timeoutMs: this.options.requestTimeoutMs }),
    };
  }

  protected open(host: string, options: CallOptions): Promise<HttpConnection> {
    return HttpConnection.connect(host, this.service.port, this.connectOptions(options));
  }

  /** POST /pair-pin-start (the PIN appears), pair-setup M1 → M2; or legacy pairing's start. */
  protected async start(connection: HttpConnection, options: CallOptions): Promise<void> {
    if (this.options.useLegacy) {
      this.#legacy = this.options.legacy ?? legacyPairing();
      await this.#legacy.begin(connection, this.#call(options));
      return;
    }
    const request = { ...this.#call(options), hkp: Hkp.Normal, clientName: this.name };
    await postPairing(connection, "/pair-pin-start", new Uint8Array(0), request);
    this.#setup = new PairSetupClient({ pairingId: randomUUID(), info: opackName(this.name) });
    this.#m2 = await postPairing(connection, "/pair-setup", this.#setup.start(), request);
    // An Error item (BackOff, MaxTries, Busy …) in M2 fails now, not after the user typed a PIN.
    decodePairSetupM2(this.#m2);
  }

  /** M3 → M4 → M5 → M6 (or legacy pairing), then pair-verify checks the new credentials. */
  protected async complete(connection: HttpConnection, pin: string, options: CallOptions): Promise<string> {
    let text: string;
    if (this.#legacy) {
      text = await this.#legacy.finish(connection, pin, this.#call(options));
      await legacyVerify(connection, parseCredentials(text), this.#call(options));
      return text;
    }
    const setup = this.#setup;
    const m2 = this.#m2;
    if (!setup || !m2) throw new InvalidStateError("call begin() before finish()");
    this.#m2 = undefined;
    const request = { ...this.#call(options), hkp: Hkp.Normal, clientName: this.name };
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
    return text;
  }

  protected override released(): void {
    this.#setup?.dispose();
    this.#setup = undefined;
  }

  /** InvalidStateError is kept too (a step out of order). */
  protected override keepsError(error: unknown): boolean {
    return super.keepsError(error) || error instanceof InvalidStateError;
  }

  /** The HTTP status of a failed request. */
  protected override errorDetail(error: unknown): string {
    return isAtvError(error) && "statusCode" in error ? ` (HTTP ${String(error.statusCode)})` : "";
  }
}
