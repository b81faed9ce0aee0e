/**
 * This package's own error family. It must not depend on @atv/core, so the classes
 * are defined here with the same names, `code` strings and cross-realm brand
 * (`Symbol.for("atv.error")`) as @atv/core's, so `isAtvError()` recognises them.
 */
const BRAND = Symbol.for("atv.error");

/** Stable codes, identical to @atv/core's `ErrorCode` values of the same name. */
export const HapErrorCode = {
  Pairing: "PAIRING",
  Authentication: "AUTHENTICATION",
  BackOff: "BACK_OFF",
  InvalidCredentials: "INVALID_CREDENTIALS",
  Protocol: "PROTOCOL",
} as const;
export type HapErrorCode = (typeof HapErrorCode)[keyof typeof HapErrorCode];

/**
 * Why a pairing or verification failed.
 * - `wrong-pin`: the accessory rejected our SRP proof (device `Error` = Authentication at pair-setup M4),
 *   or, on the server side, the controller's SRP proof did not match the PIN.
 * - `bad-proof`: the accessory's SRP proof (pair-setup M4) did not verify: it does not know the PIN.
 * - `bad-signature`: an Ed25519 signature (pair-setup M5/M6, pair-verify M2/M3) did not verify.
 * - `decrypt-failed`: an `EncryptedData` item failed ChaCha20-Poly1305 authentication.
 * - `identity-mismatch`: pair-verify M2 came from another accessory than the stored credentials name.
 * - `unknown-peer`: the server does not know the controller that tries to verify.
 * - `rejected`: the device answered with `Error` = Authentication outside pair-setup M4
 *   (e.g. pair-verify M4: our credentials were not accepted).
 * - `device-error`: the device answered with another `Error` code (see `deviceErrorCode`).
 * - `invalid-state`: a step was called out of order, or after the state machine finished or failed.
 */
export type FailureReason =
  | "wrong-pin"
  | "bad-proof"
  | "bad-signature"
  | "decrypt-failed"
  | "identity-mismatch"
  | "unknown-peer"
  | "rejected"
  | "device-error"
  | "invalid-state";

export interface HapErrorOptions {
  cause?: unknown;
  /** The value of the device's `Error` TLV item (see `TlvErrorCode`), when the device sent one. */
  deviceErrorCode?: number;
  reason?: FailureReason;
  /** Seconds the device asks us to wait (its `BackOff` item), when it sent one. */
  backOffSeconds?: number;
}

/** Base class of every error this package throws on purpose. */
export abstract class HapCryptoError extends Error {
  abstract readonly code: HapErrorCode;
  /** The device's `Error` TLV value, when the failure was reported by the device. */
  readonly deviceErrorCode: number | undefined;
  /** What went wrong, for pairing and verification failures. */
  readonly reason: FailureReason | undefined;
  /** Seconds the device asks us to wait before retrying, when it said so. */
  readonly backOffSeconds: number | undefined;

  constructor(message: string, options: HapErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.deviceErrorCode = options.deviceErrorCode;
    this.reason = options.reason;
    this.backOffSeconds = options.backOffSeconds;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** Pair-setup failed: wrong PIN, bad proof or signature, or a device error. */
export class PairingError extends HapCryptoError {
  readonly code = HapErrorCode.Pairing;
}

/** Pair-verify failed, or an encrypted message did not authenticate. */
export class AuthenticationError extends HapCryptoError {
  readonly code = HapErrorCode.Authentication;
}

/** The device imposes a back-off (`Error` = BackOff, or a `BackOff` item); retry after `backOffSeconds`. */
export class BackOffError extends HapCryptoError {
  readonly code = HapErrorCode.BackOff;
}

/** A credentials string or object is malformed. */
export class InvalidCredentialsError extends HapCryptoError {
  readonly code = HapErrorCode.InvalidCredentials;
}

/** Malformed input from a peer: truncated or inconsistent TLV8, missing items, wrong sizes, bad frames. */
export class ProtocolError extends HapCryptoError {
  readonly code = HapErrorCode.Protocol;
}
