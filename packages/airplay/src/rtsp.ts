/**
 * `@atv/airplay/rtsp`: the HTTP/1.1 + RTSP/1.0 layer shared by AirPlay and RAOP: message codec,
 * plist and text/parameters bodies, Digest auth, a connection that can switch to HAP block
 * encryption, and a small server.
 */
export { Headers, type HeaderInit, isHeaderName, isHeaderValue } from "./http/headers.js";
export {
  HttpProtocol,
  reasonPhrase,
  request,
  response,
  type HttpMessage,
  type HttpRequest,
  type HttpResponse,
  type RequestInit,
  type ResponseInit,
} from "./http/message.js";
export { encodeMessage, encodeRequest, encodeResponse } from "./http/encode.js";
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_HEADER_BYTES,
  DEFAULT_MAX_HEADERS,
  MessageDecoder,
  type DecoderLimits,
  type DecoderOptions,
} from "./http/decoder.js";
export { MalformedMessageError, MalformedPlistError, MessageTooLargeError } from "./http/errors.js";
export {
  decodeTextParameters,
  encodeTextParameters,
  TEXT_PARAMETERS_CONTENT_TYPE,
} from "./http/parameters.js";
export {
  digestAuthorization,
  digestResponse,
  parseDigestChallenge,
  verifyDigestAuthorization,
  type DigestChallenge,
  type DigestCredentials,
} from "./http/digest.js";
export {
  HttpConnection,
  type HttpConnectionEvents,
  type HttpConnectionOptions,
  type HttpConnectOptions,
  type RequestHandler,
  type RequestOptions,
} from "./http/connection.js";
export { HttpServer, type HttpServerOptions } from "./http/server.js";
export {
  BINARY_PLIST_CONTENT_TYPE,
  decodeBinaryPlist,
  decodePlist,
  decodePlistDict,
  decodeXmlPlist,
  encodeBinaryPlist,
  isBinaryPlist,
  isPlistDict,
  PlistReal,
  XML_PLIST_CONTENT_TYPE,
  type PlistDict,
  type PlistLimits,
  type PlistValue,
} from "./plist/index.js";
