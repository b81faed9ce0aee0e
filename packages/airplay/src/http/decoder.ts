/**
 * Incremental HTTP/1.1 + RTSP/1.0 decoder. Feed TCP chunks of any size to `push()`; it returns every
 * message completed so far. Limits are checked before buffering: a header block longer than
 * `maxHeaderBytes` fails as soon as that many bytes arrived without the blank line, and a
 * `Content-Length` above `maxBodyBytes` fails when the header is parsed, before any body byte is kept.
 * Bodies are `Content-Length` delimited; a response may also be `Transfer-Encoding: chunked` (decoded
 * into a plain body, bounded the same way); a message without either has an empty body. After an
 * error the decoder stays failed.
 */
import { Headers, isHeaderName } from "./headers.js";
import { MalformedMessageError, MessageTooLargeError } from "./errors.js";
import { isHttpProtocol, type HttpMessage, type HttpRequest, type HttpResponse } from "./message.js";

export const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
export const DEFAULT_MAX_HEADERS = 64;
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface DecoderLimits {
  /** Largest start line + headers + blank line, in bytes. Default 16 KiB. */
  maxHeaderBytes?: number;
  /** Most header lines. Default 64. */
  maxHeaders?: number;
  /** Largest body. Default 4 MiB. */
  maxBodyBytes?: number;
}

export interface DecoderOptions extends DecoderLimits {
  /** What the peer sends: requests (a server), responses (a client) or either. Default either. */
  expect?: "request" | "response" | "any";
}

const CR = 0x0d;
const LF = 0x0a;

export class MessageDecoder {
  readonly #maxHeaderBytes: number;
  readonly #maxHeaders: number;
  readonly #maxBodyBytes: number;
  readonly #expect: "request" | "response" | "any";
  /** Buffered bytes: either an incomplete header block or the body being read. */
  #buffer = new Uint8Array(0);
  #length = 0;
  /** How far the header block was already searched for the blank line. */
  #scanned = 0;
  /** The message whose body is being read. */
  #pending: { message: HttpMessage; bodyLength: number } | undefined;
  /** The message whose chunked body is being read (see #chunk). */
  #chunked: ChunkedState | undefined;
  #failed: Error | undefined;

  constructor(options: DecoderOptions = {}) {
    this.#maxHeaderBytes = limit(options.maxHeaderBytes, DEFAULT_MAX_HEADER_BYTES, "maxHeaderBytes");
    this.#maxHeaders = limit(options.maxHeaders, DEFAULT_MAX_HEADERS, "maxHeaders");
    this.#maxBodyBytes = limit(options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, "maxBodyBytes");
    this.#expect = options.expect ?? "any";
  }

  /** Bytes received but not yet returned in a message. */
  get bufferedBytes(): number {
    return this.#length;
  }

  /** Adds received bytes; returns the messages they complete. Throws a `ProtocolError` subclass. */
  push(chunk: Uint8Array): HttpMessage[] {
    if (this.#failed) throw this.#failed;
    try {
      return this.#push(chunk);
    } catch (error) {
      this.#failed = error instanceof Error ? error : new MalformedMessageError(String(error));
      this.#buffer = new Uint8Array(0);
      this.#length = 0;
      throw this.#failed;
    }
  }

  /** Call at end of stream: MalformedMessageError when a message was cut off. */
  end(): void {
    if (this.#failed) return;
    if (this.#length > 0 || this.#pending || this.#chunked) {
      this.#failed = new MalformedMessageError(
        `stream ended inside a message (${this.#length} bytes buffered)`,
      );
      throw this.#failed;
    }
  }

  #push(chunk: Uint8Array): HttpMessage[] {
    const out: HttpMessage[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#chunked) {
        offset = this.#chunk(chunk, offset, out);
        continue;
      }
      if (this.#pending) {
        const need = this.#pending.bodyLength - this.#length;
        const take = Math.min(need, chunk.length - offset);
        this.#append(chunk.subarray(offset, offset + take));
        offset += take;
        if (this.#length < this.#pending.bodyLength) break;
        const body = this.#buffer.slice(0, this.#length);
        out.push({ ...this.#pending.message, body });
        this.#pending = undefined;
        this.#reset();
        continue;
      }
      // Header block: copy at most up to the limit, then look for CRLF CRLF.
      const room = this.#maxHeaderBytes - this.#length;
      const take = Math.min(room, chunk.length - offset);
      const start = this.#length;
      this.#append(chunk.subarray(offset, offset + take));
      const end = this.#findHeaderEnd();
      if (end < 0) {
        offset += take;
        if (this.#length >= this.#maxHeaderBytes) {
          throw new MessageTooLargeError(`header block exceeds ${this.#maxHeaderBytes} bytes`);
        }
        continue;
      }
      // Consume only up to the end of the header block; the rest of the chunk is body/next message.
      offset += end - start;
      const message = this.#parseHead(this.#buffer.subarray(0, end));
      this.#reset();
      const bodyLength = contentLength(message, this.#maxBodyBytes);
      if (bodyLength === CHUNKED) {
        message.headers.delete("Transfer-Encoding");
        this.#chunked = { message, phase: "size", line: "", remaining: 0, trailers: 0 };
      } else if (bodyLength === 0) {
        out.push(message);
      } else {
        this.#pending = { message, bodyLength };
        this.#ensure(bodyLength);
      }
    }
    return out;
  }

  /**
   * One step of a chunked body (RFC 9112 §7.1), decoded into a plain body: the message comes out
   * with `Transfer-Encoding` removed (the encoder then writes a `Content-Length`). Size lines and
   * trailers are bounded, the total body by `maxBodyBytes`, each checked before buffering.
   */
  #chunk(chunk: Uint8Array, offset: number, out: HttpMessage[]): number {
    const state = this.#chunked as ChunkedState;
    if (state.phase === "data") {
      const take = Math.min(state.remaining, chunk.length - offset);
      this.#append(chunk.subarray(offset, offset + take));
      state.remaining -= take;
      if (state.remaining === 0) state.phase = "data-end";
      return offset + take;
    }
    // Line-oriented phases: read one byte at a time up to LF (lines are short and bounded).
    const byte = chunk[offset] as number;
    if (byte !== LF) {
      if (state.line.length >= 1024) throw new MessageTooLargeError("chunk size or trailer line too long");
      state.line += String.fromCharCode(byte);
      return offset + 1;
    }
    const line = state.line.endsWith("\r") ? state.line.slice(0, -1) : state.line;
    state.line = "";
    switch (state.phase) {
      case "size": {
        const match = /^([0-9a-fA-F]{1,8})(;.*)?$/.exec(line);
        if (!match) throw new MalformedMessageError("malformed chunk size");
        const size = Number.parseInt(match[1] as string, 16);
        if (this.#length + size > this.#maxBodyBytes)
          throw new MessageTooLargeError(`chunked body exceeds the limit of ${this.#maxBodyBytes}`);
        if (size === 0) state.phase = "trailer";
        else {
          state.remaining = size;
          state.phase = "data";
          this.#ensure(this.#length + size);
        }
        break;
      }
      case "data-end":
        if (line !== "") throw new MalformedMessageError("chunk data not followed by CRLF");
        state.phase = "size";
        break;
      case "trailer":
        if (line === "") {
          out.push({ ...state.message, body: this.#buffer.slice(0, this.#length) });
          this.#chunked = undefined;
          this.#reset();
        } else if (++state.trailers > 32) throw new MessageTooLargeError("too many trailer lines");
        break;
    }
    return offset + 1;
  }

  /** Index just after the blank line, or -1. Resumes where the last search stopped. */
  #findHeaderEnd(): number {
    const b = this.#buffer;
    for (let i = Math.max(0, this.#scanned - 3); i + 3 < this.#length; i++) {
      if (b[i] === CR && b[i + 1] === LF && b[i + 2] === CR && b[i + 3] === LF) return i + 4;
    }
    this.#scanned = this.#length;
    return -1;
  }

  #parseHead(bytes: Uint8Array): HttpMessage {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length - 4).toString("latin1");
    const lines = text.split("\r\n");
    const startLine = lines[0] ?? "";
    if (lines.length - 1 > this.#maxHeaders) {
      throw new MessageTooLargeError(`more than ${this.#maxHeaders} header lines`);
    }
    const headers = new Headers();
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(":");
      const name = colon > 0 ? line.slice(0, colon) : "";
      if (!isHeaderName(name)) throw new MalformedMessageError(`malformed header line ${i}`);
      const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "");
      if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value))
        throw new MalformedMessageError(`control character in header ${name}`);
      headers.append(name, value);
    }
    return this.#parseStartLine(startLine, headers);
  }

  #parseStartLine(line: string, headers: Headers): HttpMessage {
    if (!/^[\x20-\x7e]+$/.test(line)) throw new MalformedMessageError("malformed start line");
    const empty = new Uint8Array(0);
    if (line.startsWith("HTTP/") || line.startsWith("RTSP/")) {
      if (this.#expect === "request") throw new MalformedMessageError("expected a request, got a response");
      const match = /^(\S+) (\d{3})(?: (.*))?$/.exec(line);
      const protocol = match?.[1] ?? "";
      if (!match || !isHttpProtocol(protocol)) throw new MalformedMessageError("malformed status line");
      const response: HttpResponse = {
        kind: "response",
        protocol,
        status: Number(match[2]),
        reason: match[3] ?? "",
        headers,
        body: empty,
      };
      return response;
    }
    if (this.#expect === "response") throw new MalformedMessageError("expected a response, got a request");
    const match = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\S+) (\S+)$/.exec(line);
    const protocol = match?.[3] ?? "";
    if (!match || !isHttpProtocol(protocol)) throw new MalformedMessageError("malformed request line");
    const request: HttpRequest = {
      kind: "request",
      method: match[1] as string,
      uri: match[2] as string,
      protocol,
      headers,
      body: empty,
    };
    return request;
  }

  #append(bytes: Uint8Array): void {
    this.#ensure(this.#length + bytes.length);
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  #ensure(size: number): void {
    if (this.#buffer.length >= size) return;
    const next = new Uint8Array(Math.max(size, Math.min(this.#buffer.length * 2, size * 2), 256));
    next.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = next;
  }

  #reset(): void {
    this.#length = 0;
    this.#scanned = 0;
    if (this.#buffer.length > 64 * 1024) this.#buffer = new Uint8Array(0);
  }
}

interface ChunkedState {
  message: HttpMessage;
  phase: "size" | "data" | "data-end" | "trailer";
  line: string;
  remaining: number;
  trailers: number;
}

const CHUNKED = -1;

/**
 * The body length a message announces (CHUNKED for a chunked response); checked against the limit
 * before anything is buffered. AirPlay never sends chunked bodies, but HTTP servers written with
 * Node's http module do (HAP-NodeJS answers that way), so responses may use it; requests may not.
 */
function contentLength(message: HttpMessage, max: number): number {
  const te = message.headers.get("Transfer-Encoding");
  if (te !== undefined && te.toLowerCase() !== "identity") {
    if (
      te.toLowerCase() === "chunked" &&
      message.kind === "response" &&
      !message.headers.has("Content-Length")
    )
      return CHUNKED;
    throw new MalformedMessageError(`unsupported Transfer-Encoding ${JSON.stringify(te.slice(0, 32))}`);
  }
  let value: string | undefined;
  for (const [name, v] of message.headers) {
    if (name.toLowerCase() !== "content-length") continue;
    if (value !== undefined && value !== v)
      throw new MalformedMessageError("conflicting Content-Length headers");
    value = v;
  }
  if (value === undefined) return 0;
  if (!/^\d{1,15}$/.test(value)) throw new MalformedMessageError("malformed Content-Length");
  const length = Number(value);
  if (length > max) throw new MessageTooLargeError(`body of ${length} bytes exceeds the limit of ${max}`);
  return length;
}

function limit(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer`);
  return v;
}
