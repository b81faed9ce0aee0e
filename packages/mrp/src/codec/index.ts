export { encodeVarint, varintLength, MAX_LENGTH_VARINT_BYTES } from "./varint.js";
export { encodeFrame } from "./frame.js";
export { FrameDecoder, DEFAULT_MAX_FRAME_BYTES, type FrameDecoderOptions } from "./frame-decoder.js";
export { FrameTooLargeError, MalformedMessageError } from "./errors.js";
export {
  MessageType,
  messageTypeName,
  newIdentifier,
  protocolMessage,
  encodeProtocolMessage,
  decodeProtocolMessage,
  type ProtocolMessageInit,
} from "./protocol-message.js";
export * from "./messages.js";
export * from "./hid.js";
