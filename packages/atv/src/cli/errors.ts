/** atvremote's exit codes. */
export const ExitCode = {
  Ok: 0,
  /** Any error, and unsupported or unknown commands. */
  Error: 1,
  /** `pair`: the device was not found. */
  DeviceNotFound: 2,
  /** `pair`: pairing failed. */
  PairingFailed: 3,
  /** Ended by SIGINT/SIGTERM. */
  Interrupted: 130,
} as const;

/** atvscript's `error` values. */
export type JsonErrorKind = "device_not_found" | "unsupported_command";

/** An expected failure: one line on stderr (or a JSON failure object) and an exit code. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.Error,
    readonly jsonError?: JsonErrorKind,
  ) {
    super(message);
  }
}

export function deviceNotFound(message: string): CliError {
  return new CliError(message, ExitCode.Error, "device_not_found");
}

export function unsupportedCommand(message: string): CliError {
  return new CliError(message, ExitCode.Error, "unsupported_command");
}
