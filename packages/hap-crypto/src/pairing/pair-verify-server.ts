/**
 * Pair-verify, accessory side, sans-IO: `handle(message)` answers M1 with M2 and M3 with M4.
 * The controller's signature is checked against the long-term key `lookupController` returns for
 * its identifier; unknown controllers and bad signatures get `Error` = Authentication.
 *
 *   idle ─M1▶ awaiting-m3 ─M3(ok)▶ idle (verified: shared secret)
 */
import { concatBytes, zeroize } from "../bytes.js";
import { AuthenticationError, type HapCryptoError, ProtocolError } from "../errors.js";
import { ed25519, x25519 } from "../primitives/curves.js";
import { hkdfSha512 } from "../primitives/hkdf.js";
import { PairingKdf } from "../session-keys.js";
import { TlvErrorCode } from "../tlv8.js";
import { asHapError, Nonce, openPairing, pairingIdBytes, sealPairing } from "./common.js";
import {
  decodePairVerifyM1,
  decodePairVerifyM3,
  decodeSubTlv,
  encodeErrorMessage,
  encodePairVerifyM2,
  encodePairVerifyM4,
  encodeSubTlv,
  peekState,
} from "./messages.js";

export interface PairVerifyServerOptions {
  /** The accessory's pairing identifier (a string is UTF-8 encoded). */
  pairingId: string | Uint8Array;
  /** The accessory's Ed25519 long-term seed; copied. */
  ltsk: Uint8Array;
  /** The long-term public key of a paired controller, or undefined if it is unknown. */
  lookupController: (clientId: Uint8Array) => Uint8Array | undefined;
  /** The ephemeral X25519 secret for every exchange. Random per exchange when omitted; vectors only. */
  ephemeralSecretKey?: Uint8Array;
}

export interface VerifiedController {
  readonly clientId: Uint8Array;
  /** X, the input of the transport key derivations (server role). */
  readonly sharedSecret: Uint8Array;
}

export interface PairVerifyServerStep {
  readonly reply: Uint8Array;
  /** The State of `reply` (2 or 4). */
  readonly state: number;
  readonly error?: HapCryptoError;
  /** Set when pair-verify completed. */
  readonly verified?: VerifiedController;
}

export type PairVerifyServerState = "idle" | "awaiting-m3";

interface Exchange {
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly clientPublicKey: Uint8Array;
  readonly shared: Uint8Array;
  readonly key: Uint8Array;
}

export class PairVerifyServer {
  #state: PairVerifyServerState = "idle";
  readonly #pairingId: Uint8Array;
  readonly #ltsk: Uint8Array;
  readonly #options: PairVerifyServerOptions;
  #exchange: Exchange | undefined;

  constructor(options: PairVerifyServerOptions) {
    this.#pairingId = pairingIdBytes(options.pairingId, "pairingId");
    this.#ltsk = ed25519.generateKeyPair(options.ltsk).secretKey;
    if (typeof options.lookupController !== "function")
      throw new TypeError("lookupController must be a function");
    this.#options = options;
  }

  get state(): PairVerifyServerState {
    return this.#state;
  }

  /** Answers one controller message. Never throws for bad peer input; see `error` in the result. */
  handle(message: Uint8Array): PairVerifyServerStep {
    let state: number;
    try {
      state = peekState(message);
    } catch (error) {
      return this.#fail(
        this.#state === "awaiting-m3" ? 4 : 2,
        TlvErrorCode.Unknown,
        asHapError(error, "pair-verify"),
      );
    }
    try {
      if (state === 1) return this.#m1(message);
      if (state === 3 && this.#state === "awaiting-m3") return this.#m3(message);
      const error = new ProtocolError(`pair-verify: unexpected M${state} in state ${this.#state}`);
      return this.#fail(Math.min(state + 1, 4), TlvErrorCode.Unknown, error);
    } catch (error) {
      return this.#fail(Math.min(state + 1, 4), TlvErrorCode.Unknown, asHapError(error, "pair-verify"));
    }
  }

  dispose(): void {
    this.#reset();
    zeroize(this.#ltsk);
  }

  #m1(bytes: Uint8Array): PairVerifyServerStep {
    this.#reset();
    const m1 = decodePairVerifyM1(bytes);
    const { secretKey, publicKey } = x25519.generateKeyPair(this.#options.ephemeralSecretKey);
    const shared = x25519.sharedSecret(secretKey, m1.publicKey);
    const key = hkdfSha512(shared, PairingKdf.VerifyEncrypt.salt, PairingKdf.VerifyEncrypt.info);
    const signature = ed25519.sign(concatBytes(publicKey, this.#pairingId, m1.publicKey), this.#ltsk);
    const inner = encodeSubTlv({ identifier: this.#pairingId, signature });
    const encryptedData = sealPairing(key, Nonce.VerifyM2, inner);
    zeroize(inner);
    this.#exchange = { secretKey, publicKey, clientPublicKey: m1.publicKey, shared, key };
    this.#state = "awaiting-m3";
    return { reply: encodePairVerifyM2({ publicKey, encryptedData }), state: 2 };
  }

  #m3(bytes: Uint8Array): PairVerifyServerStep {
    const exchange = this.#exchange as Exchange;
    const m3 = decodePairVerifyM3(bytes);
    let plaintext: Uint8Array;
    try {
      plaintext = openPairing(exchange.key, Nonce.VerifyM3, m3.encryptedData, "pair-verify", "M3");
    } catch (error) {
      return this.#fail(4, TlvErrorCode.Authentication, asHapError(error, "pair-verify"));
    }
    const content = decodeSubTlv(plaintext, false);
    const clientLtpk = this.#options.lookupController(content.identifier);
    if (clientLtpk === undefined) {
      const error = new AuthenticationError("pair-verify M3: unknown controller", { reason: "unknown-peer" });
      return this.#fail(4, TlvErrorCode.Authentication, error);
    }
    const material = concatBytes(exchange.clientPublicKey, content.identifier, exchange.publicKey);
    if (!ed25519.verify(content.signature, material, clientLtpk)) {
      const error = new AuthenticationError("pair-verify M3: the controller's signature does not verify", {
        reason: "bad-signature",
      });
      return this.#fail(4, TlvErrorCode.Authentication, error);
    }
    const sharedSecret = new Uint8Array(exchange.shared);
    this.#reset();
    return {
      reply: encodePairVerifyM4(),
      state: 4,
      verified: { clientId: content.identifier, sharedSecret },
    };
  }

  #fail(state: number, code: number, error: HapCryptoError | TypeError | RangeError): PairVerifyServerStep {
    this.#reset();
    const hapError =
      error instanceof TypeError || error instanceof RangeError
        ? new ProtocolError(error.message, { cause: error })
        : error;
    return { reply: encodeErrorMessage(state, code), state, error: hapError };
  }

  #reset(): void {
    if (this.#exchange !== undefined)
      zeroize(this.#exchange.secretKey, this.#exchange.shared, this.#exchange.key);
    this.#exchange = undefined;
    this.#state = "idle";
  }
}
