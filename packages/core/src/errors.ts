/**
 * The error family. Every error atv throws on purpose is an `AtvError` with a
 * stable `code`; subclasses mirror pyatv's exceptions. A `Symbol.for` brand keeps
 * `isAtvError()` true across duplicate installs (two copies of @atv/core).
 */
const BRAND = Symbol.for("atv.error");

export const ErrorCode = {
  Generic: "ATV_ERROR",
  NoService: "NO_SERVICE",
  UnsupportedProtocol: "UNSUPPORTED_PROTOCOL",
  ConnectionFailed: "CONNECTION_FAILED",
  ConnectionLost: "CONNECTION_LOST",
  Pairing: "PAIRING",
  Authentication: "AUTHENTICATION",
  NotSupported: "NOT_SUPPORTED",
  InvalidDmapData: "INVALID_DMAP_DATA",
  UnknownMediaKind: "UNKNOWN_MEDIA_KIND",
  UnknownPlayState: "UNKNOWN_PLAY_STATE",
  NoAsyncListener: "NO_ASYNC_LISTENER",
  NoCredentials: "NO_CREDENTIALS",
  InvalidCredentials: "INVALID_CREDENTIALS",
  DeviceIdMissing: "DEVICE_ID_MISSING",
  BackOff: "BACK_OFF",
  Playback: "PLAYBACK",
  Command: "COMMAND",
  NonLocalSubnet: "NON_LOCAL_SUBNET",
  InvalidState: "INVALID_STATE",
  Protocol: "PROTOCOL",
  Http: "HTTP",
  InvalidConfig: "INVALID_CONFIG",
  BlockedState: "BLOCKED_STATE",
  InvalidResponse: "INVALID_RESPONSE",
  OperationTimeout: "OPERATION_TIMEOUT",
  Settings: "SETTINGS",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface AtvErrorOptions {
  cause?: unknown;
}

export class AtvError extends Error {
  readonly code: ErrorCode = ErrorCode.Generic;

  constructor(message: string, options?: AtvErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /** True for any atv error, also one created by another copy of this package. */
  static is(value: unknown): value is AtvError {
    return isAtvError(value);
  }
}

export function isAtvError(value: unknown): value is AtvError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** No usable service when connecting or pairing. */
export class NoServiceError extends AtvError {
  override readonly code = ErrorCode.NoService;
}
/** Deprecated in pyatv and unused; kept for completeness. */
export class UnsupportedProtocolError extends AtvError {
  override readonly code = ErrorCode.UnsupportedProtocol;
}
/** Connecting was refused or timed out. */
export class ConnectionFailedError extends AtvError {
  override readonly code = ErrorCode.ConnectionFailed;
}
/** An established connection was lost. */
export class ConnectionLostError extends AtvError {
  override readonly code = ErrorCode.ConnectionLost;
}
/** Pairing failed (wrong PIN, bad proof, …). */
export class PairingError extends AtvError {
  override readonly code = ErrorCode.Pairing;
}
/** Authentication or pair-verify failed. */
export class AuthenticationError extends AtvError {
  override readonly code = ErrorCode.Authentication;
}
/** No connected protocol supports the action. */
export class NotSupportedError extends AtvError {
  override readonly code = ErrorCode.NotSupported;
}
/** DMAP data could not be parsed. */
export class InvalidDmapDataError extends AtvError {
  override readonly code = ErrorCode.InvalidDmapData;
}
/** An unknown DMAP media kind. */
export class UnknownMediaKindError extends AtvError {
  override readonly code = ErrorCode.UnknownMediaKind;
}
/** An unknown DMAP play state. */
export class UnknownPlayStateError extends AtvError {
  override readonly code = ErrorCode.UnknownPlayState;
}
/** A push updater was started without a listener. */
export class NoAsyncListenerError extends AtvError {
  override readonly code = ErrorCode.NoAsyncListener;
}
/** Credentials are missing. */
export class NoCredentialsError extends AtvError {
  override readonly code = ErrorCode.NoCredentials;
}
/** A credentials string is malformed or was rejected. */
export class InvalidCredentialsError extends AtvError {
  override readonly code = ErrorCode.InvalidCredentials;
}
/** A configuration has no identifier. */
export class DeviceIdMissingError extends AtvError {
  override readonly code = ErrorCode.DeviceIdMissing;
}
/** The device imposes a pairing back-off; `backOffSeconds` says how long to wait. */
export class BackOffError extends AtvError {
  override readonly code = ErrorCode.BackOff;
  readonly backOffSeconds: number | undefined;
  constructor(message: string, options?: AtvErrorOptions & { backOffSeconds?: number }) {
    super(message, options);
    this.backOffSeconds = options?.backOffSeconds;
  }
}
/** play_url failed. */
export class PlaybackError extends AtvError {
  override readonly code = ErrorCode.Playback;
}
/** A command was answered with an error by the device. */
export class CommandError extends AtvError {
  override readonly code = ErrorCode.Command;
}
/** Deprecated in pyatv; kept for completeness. */
export class NonLocalSubnetError extends AtvError {
  override readonly code = ErrorCode.NonLocalSubnet;
}
/** Illegal in the current state (second stream, already connected, …). */
export class InvalidStateError extends AtvError {
  override readonly code = ErrorCode.InvalidState;
}
/** A generic protocol error: malformed bytes, missing fields, values out of range. */
export class ProtocolError extends AtvError {
  override readonly code: ErrorCode = ErrorCode.Protocol;
}
/** An HTTP error response. */
export class HttpError extends ProtocolError {
  override readonly code = ErrorCode.Http;
  readonly statusCode: number;
  constructor(message: string, statusCode: number, options?: AtvErrorOptions) {
    super(message, options);
    this.statusCode = statusCode;
  }
}
/** Something is wrong or missing in a configuration. */
export class InvalidConfigError extends AtvError {
  override readonly code = ErrorCode.InvalidConfig;
}
/** The API was used after close(). */
export class BlockedStateError extends AtvError {
  override readonly code = ErrorCode.BlockedState;
}
/** A remote sent an invalid response. */
export class InvalidResponseError extends AtvError {
  override readonly code = ErrorCode.InvalidResponse;
}
/** An operation timed out. */
export class OperationTimeoutError extends AtvError {
  override readonly code = ErrorCode.OperationTimeout;
}
/** A storage or settings error (unsupported storage version, invalid value, …). */
export class SettingsError extends AtvError {
  override readonly code = ErrorCode.Settings;
}
