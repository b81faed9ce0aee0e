/**
 * The OPACK message envelope (companion.md §4): `_i` identifier, `_t` type, `_c` content,
 * `_x` transaction id, and `_em`/`_ec`/`_ed` errors. Pure builders and a checked parser.
 */
import { MalformedFrameError } from "./errors.js";
import {
  isOpackObject,
  opackGet,
  opackNumber,
  opackText,
  type OpackObject,
  type OpackValue,
} from "./opack.js";

export const MessageKind = { Event: 1, Request: 2, Response: 3 } as const;
export type MessageKind = (typeof MessageKind)[keyof typeof MessageKind];

export interface CompanionMessage {
  /** `_i`: the request, response or event name (e.g. `_launchApp`, `_iMC`). */
  readonly identifier: string;
  readonly kind: MessageKind;
  /** `_c`: arguments or result; an empty object when absent. */
  readonly content: OpackValue;
  /** `_x`: transaction id. */
  readonly xid: number | undefined;
  /** `_em` (+ `_ec`, `_ed`) when the device answered with an error. */
  readonly error?: { readonly message: string; readonly code?: number; readonly domain?: string };
  /** The whole decoded dictionary. */
  readonly raw: OpackObject;
}

function envelope(identifier: string, kind: MessageKind, content: OpackValue, xid: number): OpackObject {
  // Key order as pyatv sends it (`_i`, `_t`, `_c`, `_x`), so frames match its captures byte for byte.
  return { _i: identifier, _t: kind, _c: content, _x: xid };
}

export function requestMessage(identifier: string, content: OpackValue, xid: number): OpackObject {
  return envelope(identifier, MessageKind.Request, content, xid);
}

export function eventMessage(identifier: string, content: OpackValue, xid: number): OpackObject {
  return envelope(identifier, MessageKind.Event, content, xid);
}

/** A response as pyatv's fake device and Apple TVs order it: `_i`, `_x`, `_t`, `_c`. */
export function responseMessage(
  identifier: string,
  xid: number | undefined,
  content: OpackValue,
): OpackObject {
  const out: OpackObject = { _i: identifier };
  if (xid !== undefined) out["_x"] = xid;
  out["_t"] = MessageKind.Response;
  out["_c"] = content;
  return out;
}

/** An error response (`_em`, `_ec`, `_ed`). */
export function errorResponse(
  identifier: string,
  xid: number | undefined,
  message: string,
  code?: number,
  domain = "RPErrorDomain",
): OpackObject {
  const out: OpackObject = { _i: identifier };
  if (xid !== undefined) out["_x"] = xid;
  out["_t"] = MessageKind.Response;
  out["_em"] = message;
  if (code !== undefined) out["_ec"] = code;
  out["_ed"] = domain;
  return out;
}

/** Checks a decoded E_OPACK payload and returns its envelope. MalformedFrameError when it is not one. */
export function parseMessage(value: OpackValue): CompanionMessage {
  if (!isOpackObject(value))
    throw new MalformedFrameError("Companion message is not a string-keyed dictionary");
  const identifier = opackGet(value, "_i");
  const kind = opackNumber(opackGet(value, "_t"));
  const xidValue = opackGet(value, "_x");
  const xid = opackNumber(xidValue);
  if (kind !== MessageKind.Event && kind !== MessageKind.Request && kind !== MessageKind.Response) {
    throw new MalformedFrameError(`Companion message has an unknown _t: ${String(kind)}`);
  }
  if (typeof identifier !== "string" && kind !== MessageKind.Response) {
    throw new MalformedFrameError("Companion message without _i");
  }
  const em = opackGet(value, "_em");
  const ec = opackNumber(opackGet(value, "_ec"));
  const ed = opackGet(value, "_ed");
  const content = opackGet(value, "_c");
  const message: CompanionMessage = {
    identifier: typeof identifier === "string" ? identifier : "",
    kind,
    content: content === undefined ? {} : content,
    xid: xid !== undefined && Number.isInteger(xid) ? xid : undefined,
    raw: value,
    ...(em !== undefined
      ? {
          error: {
            message: opackText(em),
            ...(ec === undefined ? {} : { code: ec }),
            ...(typeof ed === "string" ? { domain: ed } : {}),
          },
        }
      : {}),
  };
  return message;
}
