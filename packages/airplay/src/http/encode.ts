/**
 * Message encoder: start line, the headers exactly as given (order and spelling kept), an empty
 * line and the body. A body without a `Content-Length` header gets one appended; a header that
 * disagrees with the body is a RangeError (it would desynchronise the peer).
 */
import type { HttpMessage, HttpRequest, HttpResponse } from "./message.js";

const CRLF = "\r\n";

function head(startLine: string, message: HttpMessage): string {
  let text = startLine + CRLF;
  let length: string | undefined;
  for (const [name, value] of message.headers) {
    if (name.toLowerCase() === "content-length") length = value;
    text += `${name}: ${value}${CRLF}`;
  }
  if (length === undefined) {
    if (message.body.length > 0) text += `Content-Length: ${message.body.length}${CRLF}`;
  } else if (length.trim() !== String(message.body.length)) {
    throw new RangeError(`Content-Length ${length} does not match a body of ${message.body.length} bytes`);
  }
  return text + CRLF;
}

function assemble(headText: string, body: Uint8Array): Uint8Array {
  const headBytes = Buffer.from(headText, "latin1");
  if (body.length === 0) return new Uint8Array(headBytes.buffer, headBytes.byteOffset, headBytes.length);
  const out = new Uint8Array(headBytes.length + body.length);
  out.set(headBytes, 0);
  out.set(body, headBytes.length);
  return out;
}

function checkToken(value: string, what: string): void {
  if (!/^[\x21-\x7e]+$/.test(value)) throw new TypeError(`invalid ${what} ${JSON.stringify(value)}`);
}

export function encodeRequest(message: HttpRequest): Uint8Array {
  checkToken(message.method, "method");
  checkToken(message.uri, "request URI");
  return assemble(head(`${message.method} ${message.uri} ${message.protocol}`, message), message.body);
}

export function encodeResponse(message: HttpResponse): Uint8Array {
  if (!Number.isInteger(message.status) || message.status < 100 || message.status > 999)
    throw new RangeError(`invalid status ${message.status}`);
  if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(message.reason)) throw new TypeError("invalid reason phrase");
  return assemble(
    head(`${message.protocol} ${message.status}${message.reason ? ` ${message.reason}` : ""}`, message),
    message.body,
  );
}

export function encodeMessage(message: HttpMessage): Uint8Array {
  return message.kind === "request" ? encodeRequest(message) : encodeResponse(message);
}
