/** Companion's error classes (the mapping of @atv/hap-crypto's errors is @atv/core's `toCoreError`). */
import { CommandError } from "@atv/core";

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
