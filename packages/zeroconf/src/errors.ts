/**
 * Errors of @atv/zeroconf. This package depends on no other @atv package, so it
 * has its own small family; it carries the same `Symbol.for("atv.error")` brand as
 * @atv/core's `AtvError`, so `isAtvError()` from @atv/core recognises these too.
 */
const BRAND = Symbol.for("atv.error");
const ZEROCONF_BRAND = Symbol.for("atv.zeroconf.error");

export const ZeroconfErrorCode = {
  /** Generic zeroconf failure. */
  Generic: "ZEROCONF_ERROR",
  /** A DNS message could not be decoded (same code as @atv/core's InvalidResponseError). */
  InvalidResponse: "INVALID_RESPONSE",
  /** No socket could be opened for browsing or responding (same code as @atv/core's ConnectionFailedError). */
  ConnectionFailed: "CONNECTION_FAILED",
} as const;
export type ZeroconfErrorCode = (typeof ZeroconfErrorCode)[keyof typeof ZeroconfErrorCode];

export interface ZeroconfErrorOptions {
  cause?: unknown;
}

/** Base class of every error this package throws on purpose. */
export class ZeroconfError extends Error {
  readonly code: ZeroconfErrorCode = ZeroconfErrorCode.Generic;

  constructor(message: string, options?: ZeroconfErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
    Object.defineProperty(this, ZEROCONF_BRAND, { value: true, enumerable: false });
  }
}

/** What exactly was wrong with a DNS message; stable strings, handy in tests and logs. */
export const DnsDecodeReason = {
  TooLarge: "too-large",
  Truncated: "truncated",
  CountsExceedSize: "counts-exceed-size",
  BadLabelType: "bad-label-type",
  PointerOutOfRange: "pointer-out-of-range",
  PointerLoop: "pointer-loop",
  NameTooLong: "name-too-long",
  BadRdataLength: "bad-rdata-length",
  RdataOverrun: "rdata-overrun",
  BadNsecBitmap: "bad-nsec-bitmap",
} as const;
export type DnsDecodeReason = (typeof DnsDecodeReason)[keyof typeof DnsDecodeReason];

/** A malformed DNS message: says what was wrong (`reason`) and where (`offset`, from the message start). */
export class DnsDecodeError extends ZeroconfError {
  override readonly code = ZeroconfErrorCode.InvalidResponse;
  readonly reason: DnsDecodeReason;
  readonly offset: number;

  constructor(reason: DnsDecodeReason, offset: number, detail: string, options?: ZeroconfErrorOptions) {
    super(`invalid DNS message at offset ${offset}: ${detail}`, options);
    this.reason = reason;
    this.offset = offset;
  }
}

/** Sockets could not be opened (bind refused, no usable interface). */
export class ZeroconfSocketError extends ZeroconfError {
  override readonly code = ZeroconfErrorCode.ConnectionFailed;
}

/** True for any error of this package, also one created by another copy of it. */
export function isZeroconfError(value: unknown): value is ZeroconfError {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[ZEROCONF_BRAND] === true
  );
}
