/**
 * Pair-setup, accessory side, sans-IO: `handle(message)` answers any controller message with the
 * reply to send. Failures are answered with an `Error` item (as a device does) and also reported
 * in the step result. A new M1 restarts the exchange; any failure resets it.
 *
 *   idle ─M1▶ awaiting-m3 ─M3(ok)▶ awaiting-m5 ─M5(ok)▶ idle (paired)
 *                         └─M3(ok, transient)▶ idle (transient secret)
 */
import { randomBytes } from "node:crypto";
import { concatBytes, zeroize } from "../bytes.js";
import { type HapCryptoError, PairingError, ProtocolError } from "../errors.js";
import { ed25519 } from "../primitives/curves.js";
import { hkdfSha512 } from "../primitives/hkdf.js";
import { PairingKdf } from "../session-keys.js";
import { SrpServer } from "../srp.js";
import { TlvErrorCode, TlvFlags, TlvMethod } from "../tlv8.js";
import {
  asHapError,
  Nonce,
  openPairing,
  pairingIdBytes,
  pinText,
  sealPairing,
  TRANSIENT_PIN,
} from "./common.js";
import {
  decodePairSetupM1,
  decodePairSetupM3,
  decodePairSetupM5,
  decodeSubTlv,
  encodeErrorMessage,
  encodePairSetupM2,
  encodePairSetupM4,
  encodePairSetupM6,
  encodeSubTlv,
  type PairSetupM1,
  peekState,
} from "./messages.js";
import type { TransientPairingResult } from "./pair-setup-client.js";

/** What a server answers instead of M2 when it refuses to pair (busy, back-off, …). */
export interface PairingRefusal {
  /** A `TlvErrorCode` value. */
  readonly error: number;
  readonly backOffSeconds?: number;
}

export interface PairSetupServerOptions {
  /** The accessory's pairing identifier (a string is UTF-8 encoded). */
  pairingId: string | Uint8Array;
  /** The accessory's Ed25519 long-term seed (its identity); copied. */
  ltsk: Uint8Array;
  /**
   * The PIN the controller must know (what the device would show). A function is called for each
   * M1, like a device that shows a fresh PIN for every attempt.
   */
  pin: string | number | ((m1: PairSetupM1) => string | number);
  /** Accept transient pair-setup (Flags 0x10, PIN 3939). Default false. */
  allowTransient?: boolean;
  /** Raw value of Apple's 0x11 item to put into M6. */
  info?: Uint8Array;
  /** After this many wrong PINs every M1 is answered with MaxTries. Default 100. */
  maxFailedAttempts?: number;
  /** Called for each M1; return a refusal to answer with an `Error` item instead of M2. */
  refuse?: (m1: PairSetupM1) => PairingRefusal | undefined;
  /** The SRP salt. Random per exchange when omitted; set only to replay test vectors. */
  salt?: Uint8Array;
  /** The SRP private value b. Random when omitted; set only to replay test vectors. */
  srpPrivateKey?: Uint8Array;
}

/** A controller that completed pair-setup. */
export interface PairedController {
  readonly clientId: Uint8Array;
  readonly clientLtpk: Uint8Array;
  /** The controller's 0x11 item from M5, if any. */
  readonly info?: Uint8Array;
}

export interface PairSetupServerStep {
  /** The bytes to send back. */
  readonly reply: Uint8Array;
  /** The State of `reply` (2, 4 or 6). */
  readonly state: number;
  /** Set when the controller's message was rejected; `reply` then carries the `Error` item. */
  readonly error?: HapCryptoError;
  /** Set when pair-setup completed: remember this controller for pair-verify. */
  readonly paired?: PairedController;
  /** Set after a successful transient M3/M4: the SRP key K, the session secret. */
  readonly transient?: TransientPairingResult;
}

export type PairSetupServerState = "idle" | "awaiting-m3" | "awaiting-m5";

export class PairSetupServer {
  #state: PairSetupServerState = "idle";
  readonly #pairingId: Uint8Array;
  readonly #ltsk: Uint8Array;
  readonly #ltpk: Uint8Array;
  readonly #options: PairSetupServerOptions;
  #failedAttempts = 0;
  #transient = false;
  #srp: SrpServer | undefined;
  #sessionKey: Uint8Array | undefined;
  #encryptKey: Uint8Array | undefined;

  constructor(options: PairSetupServerOptions) {
    this.#pairingId = pairingIdBytes(options.pairingId, "pairingId");
    const keys = ed25519.generateKeyPair(options.ltsk);
    this.#ltsk = keys.secretKey;
    this.#ltpk = keys.publicKey;
    if (typeof options.pin !== "function") pinText(options.pin);
    this.#options = options;
  }

  get state(): PairSetupServerState {
    return this.#state;
  }

  /** The accessory's Ed25519 long-term public key. */
  get publicKey(): Uint8Array {
    return new Uint8Array(this.#ltpk);
  }

  /** Number of wrong PINs seen so far. */
  get failedAttempts(): number {
    return this.#failedAttempts;
  }

  /** Answers one controller message. Never throws for bad peer input; see `error` in the result. */
  handle(message: Uint8Array): PairSetupServerStep {
    let state: number;
    try {
      state = peekState(message);
    } catch (error) {
      return this.#fail(this.#expectedReply(), TlvErrorCode.Unknown, asHapError(error, "pair-setup"));
    }
    try {
      if (state === 1) return this.#m1(message);
      if (state === 3 && this.#state === "awaiting-m3") return this.#m3(message);
      if (state === 5 && this.#state === "awaiting-m5") return this.#m5(message);
      const error = new ProtocolError(`pair-setup: unexpected M${state} in state ${this.#state}`);
      return this.#fail(Math.min(state + 1, 6), TlvErrorCode.Unknown, error);
    } catch (error) {
      return this.#fail(Math.min(state + 1, 6), TlvErrorCode.Unknown, asHapError(error, "pair-setup"));
    }
  }

  /** Zeroes the accessory's key material and any exchange in progress. */
  dispose(): void {
    this.#reset();
    zeroize(this.#ltsk);
  }

  #m1(bytes: Uint8Array): PairSetupServerStep {
    this.#reset();
    const m1 = decodePairSetupM1(bytes);
    if (m1.method !== TlvMethod.PairSetup) {
      return this.#fail(
        2,
        TlvErrorCode.Unknown,
        new ProtocolError(`pair-setup M1: unsupported method ${m1.method}`),
      );
    }
    const transient = m1.flags !== undefined && (m1.flags & TlvFlags.Transient) !== 0;
    if (transient && this.#options.allowTransient !== true) {
      return this.#fail(2, TlvErrorCode.Unavailable, new PairingError("transient pair-setup is not allowed"));
    }
    const refusal = this.#options.refuse?.(m1);
    if (refusal !== undefined) {
      const error = new PairingError(`pair-setup refused with error ${refusal.error}`, {
        deviceErrorCode: refusal.error,
        reason: "device-error",
        ...(refusal.backOffSeconds === undefined ? {} : { backOffSeconds: refusal.backOffSeconds }),
      });
      return this.#fail(2, refusal.error, error, refusal.backOffSeconds);
    }
    if (this.#failedAttempts >= (this.#options.maxFailedAttempts ?? 100)) {
      return this.#fail(
        2,
        TlvErrorCode.MaxTries,
        new PairingError("too many wrong PINs", { reason: "device-error" }),
      );
    }
    const salt = this.#options.salt ?? new Uint8Array(randomBytes(16));
    const pin = this.#options.pin;
    const srp = new SrpServer({
      salt,
      password: transient ? TRANSIENT_PIN : pinText(typeof pin === "function" ? pin(m1) : pin),
      ...(this.#options.srpPrivateKey === undefined ? {} : { privateKey: this.#options.srpPrivateKey }),
    });
    this.#srp = srp;
    this.#transient = transient;
    this.#state = "awaiting-m3";
    return { reply: encodePairSetupM2({ salt, publicKey: srp.publicKey }), state: 2 };
  }

  #m3(bytes: Uint8Array): PairSetupServerStep {
    const m3 = decodePairSetupM3(bytes);
    const srp = this.#srp as SrpServer;
    srp.setClientPublicKey(m3.publicKey);
    if (!srp.verifyClientProof(m3.proof)) {
      this.#failedAttempts++;
      const error = new PairingError("pair-setup M3: the controller's SRP proof is wrong (wrong PIN)", {
        reason: "wrong-pin",
      });
      return this.#fail(4, TlvErrorCode.Authentication, error);
    }
    const reply = encodePairSetupM4({ proof: srp.proof });
    this.#sessionKey = srp.sessionKey;
    if (this.#transient) {
      const sharedSecret = new Uint8Array(this.#sessionKey);
      this.#reset();
      return { reply, state: 4, transient: { sharedSecret } };
    }
    this.#encryptKey = hkdfSha512(
      this.#sessionKey,
      PairingKdf.SetupEncrypt.salt,
      PairingKdf.SetupEncrypt.info,
    );
    this.#state = "awaiting-m5";
    return { reply, state: 4 };
  }

  #m5(bytes: Uint8Array): PairSetupServerStep {
    const m5 = decodePairSetupM5(bytes);
    const sessionKey = this.#sessionKey as Uint8Array;
    const encryptKey = this.#encryptKey as Uint8Array;
    let plaintext: Uint8Array;
    try {
      plaintext = openPairing(encryptKey, Nonce.M5, m5.encryptedData, "pair-setup", "M5");
    } catch (error) {
      return this.#fail(6, TlvErrorCode.Authentication, asHapError(error, "pair-setup"));
    }
    const content = decodeSubTlv(plaintext, true);
    const clientLtpk = content.publicKey as Uint8Array;
    const controllerX = hkdfSha512(
      sessionKey,
      PairingKdf.SetupControllerSign.salt,
      PairingKdf.SetupControllerSign.info,
    );
    const valid = ed25519.verify(
      content.signature,
      concatBytes(controllerX, content.identifier, clientLtpk),
      clientLtpk,
    );
    zeroize(controllerX);
    if (!valid) {
      const error = new PairingError("pair-setup M5: the controller's signature does not verify", {
        reason: "bad-signature",
      });
      return this.#fail(6, TlvErrorCode.Authentication, error);
    }
    const accessoryX = hkdfSha512(
      sessionKey,
      PairingKdf.SetupAccessorySign.salt,
      PairingKdf.SetupAccessorySign.info,
    );
    const signature = ed25519.sign(concatBytes(accessoryX, this.#pairingId, this.#ltpk), this.#ltsk);
    const info = this.#options.info;
    const inner = encodeSubTlv({
      identifier: this.#pairingId,
      publicKey: this.#ltpk,
      signature,
      ...(info === undefined ? {} : { info }),
    });
    const reply = encodePairSetupM6({ encryptedData: sealPairing(encryptKey, Nonce.M6, inner) });
    zeroize(accessoryX, inner, plaintext);
    this.#reset();
    const paired: PairedController = {
      clientId: content.identifier,
      clientLtpk,
      ...(content.info === undefined ? {} : { info: content.info }),
    };
    return { reply, state: 6, paired };
  }

  #expectedReply(): number {
    return this.#state === "awaiting-m3" ? 4 : this.#state === "awaiting-m5" ? 6 : 2;
  }

  #fail(
    state: number,
    code: number,
    error: HapCryptoError | TypeError | RangeError,
    backOffSeconds?: number,
  ): PairSetupServerStep {
    this.#reset();
    const hapError =
      error instanceof TypeError || error instanceof RangeError
        ? new ProtocolError(error.message, { cause: error })
        : error;
    return { reply: encodeErrorMessage(state, code, backOffSeconds), state, error: hapError };
  }

  #reset(): void {
    this.#srp?.dispose();
    this.#srp = undefined;
    zeroize(this.#sessionKey, this.#encryptKey);
    this.#sessionKey = undefined;
    this.#encryptKey = undefined;
    this.#transient = false;
    this.#state = "idle";
  }
}
