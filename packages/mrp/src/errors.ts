/**
 * @atv/hap-crypto has its own error classes (it depends on nothing of ours);
 * MRP's public calls throw @atv/core's. This maps one onto the other, keeping
 * the original as `cause`.
 */
import {
  AuthenticationError,
  BackOffError,
  InvalidCredentialsError,
  PairingError,
  ProtocolError,
  isAtvError,
} from "@atv/core";
import {
  AuthenticationError as HapAuthenticationError,
  BackOffError as HapBackOffError,
  HapCryptoError,
  InvalidCredentialsError as HapInvalidCredentialsError,
  PairingError as HapPairingError,
} from "@atv/hap-crypto";

/** The @atv/core error for a hap-crypto one; other errors are returned unchanged. */
export function toCoreError(error: unknown, context: string): unknown {
  if (!(error instanceof HapCryptoError)) return error;
  const message = `${context}: ${error.message}`;
  const options = { cause: error };
  if (error instanceof HapBackOffError) {
    return new BackOffError(
      message,
      error.backOffSeconds === undefined ? options : { ...options, backOffSeconds: error.backOffSeconds },
    );
  }
  if (error instanceof HapPairingError) return new PairingError(message, options);
  if (error instanceof HapAuthenticationError) return new AuthenticationError(message, options);
  if (error instanceof HapInvalidCredentialsError) return new InvalidCredentialsError(message, options);
  return new ProtocolError(message, options);
}

/** Rethrows as an @atv/core error (see toCoreError). */
export function rethrowAsCore(error: unknown, context: string): never {
  const mapped = toCoreError(error, context);
  throw isAtvError(mapped) || mapped instanceof Error ? mapped : new Error(String(mapped));
}
