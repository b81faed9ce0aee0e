/**
 * AirPlay's typed errors (the mapping of @atv/hap-crypto's errors onto @atv/core's is core's
 * `toCoreError`).
 */
import { AuthenticationError, HttpError, type AtvErrorOptions } from "@atv/core";

/** HTTP 470 "Connection Authorization Required": credentials missing or not accepted. */
export class ConnectionAuthorizationRequiredError extends AuthenticationError {
  readonly statusCode = 470;
  constructor(message: string, options?: AtvErrorOptions) {
    super(message, options);
  }
}

/** The device answered an AirPlay request with an error status (e.g. 453, 500). */
export class AirPlayHttpError extends HttpError {}
