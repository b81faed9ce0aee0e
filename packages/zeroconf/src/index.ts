export {
  ZeroconfError,
  ZeroconfErrorCode,
  DnsDecodeError,
  DnsDecodeReason,
  ZeroconfSocketError,
  isZeroconfError,
} from "./errors.js";
export type { ZeroconfErrorOptions } from "./errors.js";
export {
  RecordType,
  DnsClass,
  DnsFlag,
  UNICAST_RESPONSE_BIT,
  CACHE_FLUSH_BIT,
  MDNS_ADDRESS,
  MDNS_PORT,
  MAX_MESSAGE_BYTES,
} from "./dns/constants.js";
export type {
  DnsName,
  DnsMessage,
  DnsQuestion,
  DnsRecord,
  ARecord,
  AaaaRecord,
  PtrRecord,
  SrvRecord,
  TxtRecord,
  NsecRecord,
  UnknownRecord,
} from "./dns/types.js";
export { decodeMessage, decodeName } from "./dns/decode.js";
export { encodeMessage, encodeMessageWithin } from "./dns/encode.js";
export type { EncodeOptions, FittedMessage } from "./dns/encode.js";
export { recordKey, rrsetKey, rdataKey } from "./dns/record-key.js";
export { joinLabels, splitLabels, namesEqual, nameKey } from "./dns/name.js";
export { parseTxt, buildTxt } from "./dns/txt.js";
export type { TxtProperties } from "./dns/txt.js";
export {
  normalizeServiceType,
  parseInstanceName,
  instanceName,
  deviceNameOf,
  DEVICE_INFO_TYPE,
  SLEEP_PROXY_TYPE,
} from "./service-name.js";
export type { ParsedInstanceName } from "./service-name.js";
export { browse, browseAll } from "./browse/browse.js";
export type { BrowseOptions } from "./browse/browse.js";
export type { DiscoveredDevice, DiscoveredService, ZeroconfLogger } from "./browse/types.js";
export { BrowseSession, DEFAULT_BROWSE_LIMITS } from "./browse/session.js";
export type { BrowseSessionOptions, BrowseLimits, Outgoing, Destination, Source } from "./browse/session.js";
export { KNOCK_PORTS } from "./browse/knock.js";
export { Responder, createResponder, DEFAULT_RESPONDER_LIMITS } from "./responder/responder.js";
export type {
  ResponderOptions,
  ResponderEvents,
  ResponderLimits,
  ResponderStats,
  QuerySource,
} from "./responder/responder.js";
export type { PublishedService, ZoneOptions } from "./responder/zone.js";
export { buildZone } from "./responder/zone.js";
export type { ZoneRecord } from "./responder/zone.js";
export { answerQuery, announcement, encodeResponse, multicastResponse } from "./responder/answer.js";
export type { AnswerContext, AnswerPlan } from "./responder/answer.js";
