import { ProtocolError } from "@atv/core";

/** Bytes that are not valid OPACK (bad tag, truncated value, bad pointer, too deep …). */
export class MalformedOpackError extends ProtocolError {
  /** Offset in the input where decoding failed. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`malformed OPACK at offset ${offset}: ${message}`);
    this.offset = offset;
  }
}

/** A Companion frame announced a payload above the configured maximum (checked before buffering). */
export class FrameTooLargeError extends ProtocolError {
  readonly frameBytes: number;
  readonly maxFrameBytes: number;
  constructor(frameBytes: number, maxFrameBytes: number) {
    super(`Companion frame of ${frameBytes} bytes exceeds the limit of ${maxFrameBytes} bytes`);
    this.frameBytes = frameBytes;
    this.maxFrameBytes = maxFrameBytes;
  }
}

/** A Companion stream or message that is structurally wrong (cut-off frame, message without `_i`/`_t` …). */
export class MalformedFrameError extends ProtocolError {}
