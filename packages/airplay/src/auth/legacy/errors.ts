/**
 * Typed errors of AirPlay 1 legacy pairing. All are @atv/core errors, so callers catch one family:
 * `LegacyPairingError` (a `PairingError`), `LegacyVerifyError` (an `AuthenticationError`) and
 * `MalformedLegacyMessageError` (a `ProtocolError`: a body of the wrong shape or size).
 */
import { AuthenticationError, PairingError, ProtocolError } from "@atv/core";
import { HapCryptoError } from "@atv/hap-crypto";

/**
 * Why a legacy pairing step failed.
 * - `wrong-pin`: (server) the client's SRP proof does not match the PIN.
 * - `bad-proof`: (client) the device's SRP proof M2 does not verify: it does not know the PIN.
 * - `decrypt-failed`: (server) the AES-GCM-encrypted public key of pair-setup step 3 did not authenticate.
 * - `bad-signature`: (server) the client's pair-verify signature does not verify.
 * - `unknown-peer`: (server) pair-verify from a client that never paired.
 * - `invalid-state`: a step called out of order, or after the exchange finished or failed.
 * - `pin-required`: (server) pair-setup started before `/pair-pin-start` chose a PIN.
 */
export type LegacyFailureReason =
  | "wrong-pin"
  | "bad-proof"
  | "decrypt-failed"
  | "bad-signature"
  | "unknown-peer"
  | "invalid-state"
  | "pin-required";

export interface LegacyErrorOptions {
  cause?: unknown;
  reason: LegacyFailureReason;
}

/** Legacy pair-setup (`/pair-pin-start`, `/pair-setup-pin`) failed. */
export class LegacyPairingError extends PairingError {
  readonly reason: LegacyFailureReason;
  constructor(message: string, options: LegacyErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = options.reason;
  }
}

/** Legacy pair-verify (`/pair-verify`) failed. */
export class LegacyVerifyError extends AuthenticationError {
  readonly reason: LegacyFailureReason;
  constructor(message: string, options: LegacyErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = options.reason;
  }
}

/** A legacy pairing body that is not what the step expects (not a plist dict, missing or mis-sized fields). */
export class MalformedLegacyMessageError extends ProtocolError {}

/**
 * @atv/hap-crypto throws its own error classes (e.g. its ProtocolError for an SRP B outside 1..N-1,
 * or an X25519 key of low order); both are about the peer's bytes, so they become ours.
 */
export function mapHapCryptoError(error: unknown): unknown {
  if (error instanceof HapCryptoError) {
    return new MalformedLegacyMessageError(`legacy pairing: ${error.message}`, { cause: error });
  }
  return error;
}
