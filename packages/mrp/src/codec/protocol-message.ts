import { randomUUID } from "node:crypto";
import { create, fromBinary, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { ErrorCode } from "../gen/atv/mrp/protocol_message_pb.js";
import {
  ProtocolMessageSchema,
  ProtocolMessage_Type,
  type ProtocolMessage,
} from "../gen/atv/mrp/protocol_message_pb.js";
import { MalformedMessageError } from "./errors.js";

/** The `ProtocolMessage.Type` numbers (mrp.md §3). */
export const MessageType = ProtocolMessage_Type;
export type MessageType = ProtocolMessage_Type;

const typeNames = new Map<number, string>(Object.entries(MessageType).map(([name, value]) => [value, name]));

/** The enum name of a message type number, e.g. `SET_STATE_MESSAGE`, or `TYPE_<n>` when unknown. */
export function messageTypeName(type: number): string {
  return typeNames.get(type) ?? `TYPE_${type}`;
}

/** A fresh upper-case UUID, the form pyatv and Apple devices use for identifiers. */
export function newIdentifier(): string {
  return randomUUID().toUpperCase();
}

/** Everything of a ProtocolMessage except the envelope fields the builders fill in. */
export type ProtocolMessageInit = Omit<MessageInitShape<typeof ProtocolMessageSchema>, "$typeName" | "type">;

/**
 * Builds a ProtocolMessage of `type` the way pyatv sends them: `errorCode` NoError
 * and a fresh `uniqueIdentifier` on every message (required inside the AirPlay
 * tunnel), plus the inner message and any `identifier` given in `init`.
 */
export function protocolMessage(type: MessageType, init: ProtocolMessageInit = {}): ProtocolMessage {
  return create(ProtocolMessageSchema, {
    type,
    errorCode: ErrorCode.NO_ERROR,
    uniqueIdentifier: newIdentifier(),
    ...init,
  });
}

/** Serializes a ProtocolMessage (without the frame's length prefix). */
export function encodeProtocolMessage(message: ProtocolMessage): Uint8Array {
  return toBinary(ProtocolMessageSchema, message);
}

/**
 * Parses one frame payload into a ProtocolMessage. Malformed bytes (truncated
 * fields, bad wire types, runaway nesting, invalid UTF-8 …) become a
 * {@link MalformedMessageError}; nothing else is thrown.
 */
export function decodeProtocolMessage(payload: Uint8Array): ProtocolMessage {
  try {
    return fromBinary(ProtocolMessageSchema, payload, { readUnknownFields: true });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new MalformedMessageError(`malformed MRP ProtocolMessage (${payload.length} bytes): ${reason}`, {
      cause,
    });
  }
}
