/** Maps failures to HTTP statuses and a JSON body carrying the typed error code. */
import { ErrorCode, isAtvError } from "@atv/core";
import { CliError } from "../cli/errors.js";

/** A failure the bridge itself reports (unknown device, bad request…). */
export class HttpFailure extends Error {
  override readonly name = "HttpFailure";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const statusByCode: Readonly<Partial<Record<ErrorCode, number>>> = {
  [ErrorCode.NotSupported]: 501,
  [ErrorCode.UnsupportedProtocol]: 501,
  [ErrorCode.NoService]: 404,
  [ErrorCode.DeviceIdMissing]: 404,
  [ErrorCode.ConnectionFailed]: 503,
  [ErrorCode.ConnectionLost]: 503,
  [ErrorCode.BackOff]: 503,
  [ErrorCode.OperationTimeout]: 504,
  [ErrorCode.Pairing]: 403,
  [ErrorCode.Authentication]: 403,
  [ErrorCode.NoCredentials]: 403,
  [ErrorCode.InvalidCredentials]: 403,
  [ErrorCode.InvalidState]: 409,
  [ErrorCode.BlockedState]: 409,
  [ErrorCode.InvalidConfig]: 400,
  [ErrorCode.Settings]: 400,
  [ErrorCode.Command]: 502,
  [ErrorCode.Protocol]: 502,
  [ErrorCode.Http]: 502,
  [ErrorCode.InvalidResponse]: 502,
  [ErrorCode.Playback]: 502,
};

export interface ErrorBody {
  error: { code: string; message: string };
}

/** The status and body for any thrown value. */
export function describeError(error: unknown): { status: number; body: ErrorBody } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof HttpFailure)
    return { status: error.status, body: { error: { code: error.code, message } } };
  if (error instanceof CliError) {
    const code = error.jsonError === "unsupported_command" ? "UNSUPPORTED_COMMAND" : "BAD_REQUEST";
    return {
      status: error.jsonError === "unsupported_command" ? 501 : 400,
      body: { error: { code, message } },
    };
  }
  if (isAtvError(error)) {
    const code = (error as { code: ErrorCode }).code;
    return { status: statusByCode[code] ?? 500, body: { error: { code, message } } };
  }
  if (error instanceof TypeError || error instanceof RangeError)
    return { status: 400, body: { error: { code: "BAD_REQUEST", message } } };
  return { status: 500, body: { error: { code: "INTERNAL", message } } };
}
