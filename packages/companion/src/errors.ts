/**
 * Companion's error classes and the mapping of @atv/hap-crypto's errors onto @atv/core's
 * (hap-crypto depends on nothing of ours), keeping the original as `cause`.
 */
import {
  AuthenticationError,
  BackOffError,
  CommandError,
  InvalidCredentialsError,
  PairingError,
  ProtocolError,
} from "@atv/core";
import {
  AuthenticationError as HapAuthenticationError,
  BackOffError as HapBackOffError,
  HapCryptoError,
  InvalidCredentialsError as HapInvalidCredentialsError,
  PairingError as HapPairingError,
} from "@atv/hap-crypto";

/** The device answered a request with `_em` (e.g. 58822 "No request handler"). */
export class CompanionRequestError extends CommandError {
  readonly request: string;
  /** `_ec`, signed (pyatv shows it unsigned). */
  readonly errorCode: number | undefined;
  readonly domain: string | undefined;
  constructor(request: string, message: string, errorCode?: number, domain?: string) {
    super(
      `Companion request ${request} failed: ${message}` +
        (errorCode === undefined ? "" : ` (${domain ?? "error"} ${errorCode})`),
    );
    this.request = request;
    this.errorCode = errorCode;
    this.domain = domain;
  }
}

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

export function rethrowAsCore(error: unknown, context: string): never {
  const mapped = toCoreError(error, context);
  throw mapped instanceof Error ? mapped : new Error(String(mapped));
}
