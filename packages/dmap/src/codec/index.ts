export { DmapType, lookupTag, knownTags, type TagDefinition } from "./tags.js";
export {
  bool,
  bytes,
  container,
  str,
  uint,
  type DmapBool,
  type DmapBytes,
  type DmapContainer,
  type DmapNode,
  type DmapString,
  type DmapUint,
} from "./node.js";
export { decodeDmap, DEFAULT_MAX_DEPTH, DEFAULT_MAX_DECODE_BYTES, type DecodeOptions } from "./decode.js";
export { encodeDmap } from "./encode.js";
export { first, firstBigUint, firstBool, firstString, firstUint, summarize } from "./query.js";
