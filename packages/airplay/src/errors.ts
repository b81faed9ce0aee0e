/**
 * AirPlay's typed errors and the mapping of @atv/hap-crypto's errors onto @atv/core's (hap-crypto
 * depends on nothing of ours; our public calls throw core's classes, the original kept as `cause`).
 */
import {
  AuthenticationError,
  BackOffError,
  HttpError,
  InvalidCredentialsError,
  PairingError,
  ProtocolError,
  isAtvError,
  type AtvErrorOptions,
} from "@atv/core";
import {
  AuthenticationError as HapAuthenticationError,
  BackOffError as HapBackOffError,
  HapCryptoError,
  InvalidCredentialsError as HapInvalidCredentialsError,
  PairingError as HapPairingError,
} from "@atv/hap-crypto";

/** HTTP 470 "Connection Authorization Required": credentials missing or not accepted. */
export class ConnectionAuthorizationRequiredError extends AuthenticationError {
  readonly statusCode = 470;
  constructor(message: string, options?: AtvErrorOptions) {
    super(message, options);
  }
}

/** The device answered an AirPlay request with an error status (e.g. 453, 500). */
export class AirPlayHttpError extends HttpError {}

/** The @atv/core error for a hap-crypto one; anything else is returned unchanged. */
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

export function rethrowAsCore(error: unknown, context: string): never {
  const mapped = toCoreError(error, context);
  throw isAtvError(mapped) || mapped instanceof Error ? mapped : new Error(String(mapped));
}
