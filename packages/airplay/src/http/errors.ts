/**
 * Typed errors of the HTTP/RTSP codec. All extend @atv/core's `ProtocolError`, so callers can
 * catch one family; the subclasses say what was wrong with the bytes.
 */
import { ProtocolError } from "@atv/core";

/** Bytes that are not a valid HTTP/1.1 or RTSP/1.0 message (bad start line, header, length). */
export class MalformedMessageError extends ProtocolError {}

/** A header block or body larger than the configured limit (detected before buffering it). */
export class MessageTooLargeError extends ProtocolError {}

/** A plist body that is not a valid (binary or XML) property list, or exceeds the limits. */
export class MalformedPlistError extends ProtocolError {}
