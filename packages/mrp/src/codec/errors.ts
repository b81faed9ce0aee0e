import { ProtocolError } from "@atv/core";

/** A frame announced a length above the configured maximum (checked before buffering). */
export class FrameTooLargeError extends ProtocolError {
  readonly frameBytes: number;
  readonly maxFrameBytes: number;
  constructor(frameBytes: number, maxFrameBytes: number) {
    super(`MRP frame of ${frameBytes} bytes exceeds the limit of ${maxFrameBytes} bytes`);
    this.frameBytes = frameBytes;
    this.maxFrameBytes = maxFrameBytes;
  }
}

/** Bytes that are not a valid MRP frame or ProtocolMessage. */
export class MalformedMessageError extends ProtocolError {}
