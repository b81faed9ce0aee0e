/** Typed errors of the RAOP package (all AtvError subclasses from @atv/core). */
import { ProtocolError } from "@atv/core";

/** A UDP packet (RTP audio, sync, timing, retransmit) that does not decode. */
export class MalformedPacketError extends ProtocolError {}

/** An SDP body, DMAP metadata or Transport header that does not decode. */
export class MalformedRaopMessageError extends ProtocolError {}

/** An audio source that cannot be decoded (corrupt or unsupported file). */
export class AudioFormatError extends ProtocolError {}
