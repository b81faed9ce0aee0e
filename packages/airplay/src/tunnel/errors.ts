/**
 * Typed errors of the MRP tunnel (airplay.md §6, mrp.md §14). All extend @atv/core's
 * `ProtocolError`: bytes or plists from the peer that are not what the tunnel expects.
 */
import { ProtocolError } from "@atv/core";

/** Bytes on the data channel that are not a valid data-stream message or MRP payload. */
export class MalformedDataStreamError extends ProtocolError {}

/** A data-stream message or MRP payload above the configured limit (refused before buffering it). */
export class DataStreamTooLargeError extends ProtocolError {
  readonly size: number;
  readonly limit: number;
  constructor(what: string, size: number, limit: number) {
    super(`${what} of ${size} bytes exceeds the limit of ${limit} bytes`);
    this.size = size;
    this.limit = limit;
  }
}

/** A SETUP request or response body that lacks what the tunnel needs or has a wrong type. */
export class TunnelSetupError extends ProtocolError {}
