/**
 * The leaf packages (@atv/hap-crypto, …) depend on nothing of ours, so they define their own
 * error classes with @atv/core's brand (`Symbol.for("atv.error")`) and `code` strings. Protocol
 * packages throw @atv/core's classes from their public calls; this maps a leaf error onto the
 * core class of the same code, keeping the original as `cause`.
 */
import {
  AtvError,
  AuthenticationError,
  BackOffError,
  ErrorCode,
  InvalidCredentialsError,
  PairingError,
  ProtocolError,
  isAtvError,
} from "./errors.js";

/**
 * True for an error of the atv family (branded, with a string `code`) that is not one of this
 * package's own classes: a leaf package's error such as @atv/hap-crypto's.
 */
export function isLeafError(value: unknown): value is Error & { code: string } {
  return (
    value instanceof Error &&
    isAtvError(value) &&
    !(value instanceof AtvError) &&
    typeof (value as { code?: unknown }).code === "string"
  );
}

/**
 * The @atv/core error for a leaf error with one of the pairing/crypto codes (PAIRING,
 * AUTHENTICATION, BACK_OFF with its `backOffSeconds`, INVALID_CREDENTIALS, PROTOCOL), its message
 * prefixed with `context`; any other value is returned unchanged.
 */
export function toCoreError(error: unknown, context: string): unknown {
  if (!isLeafError(error)) return error;
  const message = `${context}: ${error.message}`;
  const options = { cause: error };
  switch (error.code) {
    case ErrorCode.BackOff: {
      const seconds = (error as { backOffSeconds?: unknown }).backOffSeconds;
      return new BackOffError(
        message,
        typeof seconds === "number" ? { ...options, backOffSeconds: seconds } : options,
      );
    }
    case ErrorCode.Pairing:
      return new PairingError(message, options);
    case ErrorCode.Authentication:
      return new AuthenticationError(message, options);
    case ErrorCode.InvalidCredentials:
      return new InvalidCredentialsError(message, options);
    case ErrorCode.Protocol:
      return new ProtocolError(message, options);
    default:
      return error;
  }
}

/** Rethrows as an @atv/core error (see toCoreError); a thrown non-Error becomes an Error. */
export function rethrowAsCore(error: unknown, context: string): never {
  const mapped = toCoreError(error, context);
  throw isAtvError(mapped) || mapped instanceof Error ? mapped : new Error(String(mapped));
}
