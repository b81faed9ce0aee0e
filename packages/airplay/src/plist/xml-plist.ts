/**
 * A small, bounded reader for XML property lists (`text/x-apple-plist+xml`), which some receivers
 * (and pyatv's fake device) send from `/playback-info` and `/server-info`. Supports dict, array,
 * key, string, integer, real, true, false, date and data; anything else is a MalformedPlistError.
 */
import { MalformedPlistError } from "../http/errors.js";
import type { PlistLimits } from "./bplist-decode.js";
import type { PlistDict, PlistValue } from "./value.js";

function fail(message: string): never {
  throw new MalformedPlistError(`XML plist: ${message}`);
}

const ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function unescape(text: string): string {
  return text.replace(/&([^;&]{1,10});/g, (whole, name: string) => {
    if (/^#x[0-9a-fA-F]{1,6}$/.test(name)) return codePoint(Number.parseInt(name.slice(2), 16));
    if (/^#[0-9]{1,7}$/.test(name)) return codePoint(Number.parseInt(name.slice(1), 10));
    const entity = ENTITIES[name];
    if (entity === undefined) fail(`unknown entity ${whole}`);
    return entity;
  });
}

function codePoint(value: number): string {
  if (value > 0x10ffff) fail("character reference out of range");
  return String.fromCodePoint(value);
}

interface Token {
  /** `open`, `close` or `empty` (self-closing). */
  kind: "open" | "close" | "empty";
  name: string;
}

export function looksLikeXmlPlist(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 64)).toString("latin1").trimStart();
  return head.startsWith("<?xml") || head.startsWith("<plist") || head.startsWith("<!DOCTYPE");
}

export function decodeXmlPlist(bytes: Uint8Array, limits: PlistLimits = {}): PlistValue {
  const maxBytes = limits.maxBytes ?? 4 * 1024 * 1024;
  const maxDepth = limits.maxDepth ?? 64;
  const maxObjects = limits.maxObjects ?? 65536;
  if (bytes.length > maxBytes) fail(`${bytes.length} bytes exceed the limit of ${maxBytes}`);
  const text = Buffer.from(bytes).toString("utf8");
  let pos = 0;
  let objects = 0;

  const skipMisc = (): void => {
    for (;;) {
      while (pos < text.length && /\s/.test(text[pos] as string)) pos++;
      if (text.startsWith("<?", pos)) {
        const end = text.indexOf("?>", pos);
        if (end < 0) fail("unterminated processing instruction");
        pos = end + 2;
      } else if (text.startsWith("<!--", pos)) {
        const end = text.indexOf("-->", pos);
        if (end < 0) fail("unterminated comment");
        pos = end + 3;
      } else if (text.startsWith("<!DOCTYPE", pos)) {
        const end = text.indexOf(">", pos);
        if (end < 0) fail("unterminated DOCTYPE");
        pos = end + 1;
      } else return;
    }
  };
  const tag = (): Token => {
    skipMisc();
    if (text[pos] !== "<") fail(`expected a tag at offset ${pos}`);
    const end = text.indexOf(">", pos);
    if (end < 0) fail("unterminated tag");
    const inner = text.slice(pos + 1, end);
    pos = end + 1;
    const match = /^(\/?)([A-Za-z]+)(?:\s[^>]*?)?(\/?)$/.exec(inner);
    if (!match) fail(`malformed tag <${inner.slice(0, 32)}>`);
    const name = match[2] as string;
    if (match[1]) return { kind: "close", name };
    return { kind: match[3] ? "empty" : "open", name };
  };
  const textUntilClose = (name: string): string => {
    const end = text.indexOf(`</${name}>`, pos);
    if (end < 0) fail(`missing </${name}>`);
    const raw = text.slice(pos, end);
    if (raw.includes("<")) fail(`unexpected markup inside <${name}>`);
    pos = end + name.length + 3;
    return unescape(raw);
  };

  const value = (token: Token, depth: number): PlistValue => {
    if (depth > maxDepth) fail(`nesting deeper than ${maxDepth}`);
    if (++objects > maxObjects) fail(`more than ${maxObjects} objects`);
    if (token.kind === "close") fail(`unexpected </${token.name}>`);
    const empty = token.kind === "empty";
    switch (token.name) {
      case "true":
      case "false":
        if (!empty && tag().name !== token.name) fail(`malformed <${token.name}>`);
        return token.name === "true";
      case "string":
        return empty ? "" : textUntilClose("string");
      case "integer": {
        const raw = empty ? "" : textUntilClose("integer").trim();
        if (!/^[+-]?\d{1,20}$/.test(raw)) fail("malformed integer");
        const big = BigInt(raw);
        return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
          ? Number(big)
          : big;
      }
      case "real": {
        const raw = empty ? "" : textUntilClose("real").trim();
        const number = Number(raw);
        if (raw === "" || (Number.isNaN(number) && raw.toLowerCase() !== "nan")) fail("malformed real");
        return number;
      }
      case "date": {
        const date = new Date(empty ? "" : textUntilClose("date").trim());
        if (Number.isNaN(date.getTime())) fail("malformed date");
        return date;
      }
      case "data": {
        const raw = empty ? "" : textUntilClose("data").replace(/\s+/g, "");
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(raw)) fail("malformed base64 data");
        return new Uint8Array(Buffer.from(raw, "base64"));
      }
      case "array": {
        const list: PlistValue[] = [];
        if (empty) return list;
        for (;;) {
          const next = tag();
          if (next.kind === "close" && next.name === "array") return list;
          list.push(value(next, depth + 1));
        }
      }
      case "dict": {
        const dict: PlistDict = {};
        if (empty) return dict;
        for (;;) {
          const next = tag();
          if (next.kind === "close" && next.name === "dict") return dict;
          if (next.name !== "key" || next.kind === "close") fail("expected <key> in <dict>");
          const key = next.kind === "empty" ? "" : textUntilClose("key");
          Object.defineProperty(dict, key, {
            value: value(tag(), depth + 1),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
      }
      default:
        fail(`unsupported element <${token.name}>`);
    }
  };

  const root = tag();
  let result: PlistValue;
  if (root.name === "plist" && root.kind === "open") {
    result = value(tag(), 1);
    const close = tag();
    if (close.kind !== "close" || close.name !== "plist") fail("missing </plist>");
  } else {
    result = value(root, 1);
  }
  skipMisc();
  if (pos !== text.length) fail("trailing content after the plist");
  return result;
}
