/**
 * The data-stream framing inside the decrypted AirPlay 2 data channel (mrp.md §14):
 *
 *   size u32 BE (incl. header) ‖ type (`sync`/`rply` + 8 zero bytes) ‖ command (`comm`/`cmnd`/zeros)
 *   ‖ sequence number u64 BE ‖ 4 zero bytes ‖ payload (binary plist or empty)
 *
 * and its payload: `{"params": {"data": <varint length ‖ ProtocolMessage>…}}`. Pure and synchronous;
 * every size is bounded before anything is buffered and malformed bytes become typed errors.
 */
import { decodePlistDict, encodeBinaryPlist, isPlistDict } from "../plist/index.js";
import { MalformedPlistError } from "../http/errors.js";
import { ByteQueue } from "./byte-queue.js";
import { DataStreamTooLargeError, MalformedDataStreamError } from "./errors.js";

export const DATA_STREAM_HEADER_BYTES = 32;
/** Default limit of one data-stream message (header included): artwork replies are the largest MRP messages. */
export const DEFAULT_MAX_DATA_STREAM_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Default limit of MRP messages carried by one payload. */
export const DEFAULT_MAX_MRP_FRAMES_PER_PAYLOAD = 1024;

/**
 * `sync` = a request (answered with a `rply`), `rply` = a reply; any other type is read (pyatv does
 * not check it either) as `other`: neither answered nor an error.
 */
export type DataStreamKind = "sync" | "rply" | "other";

/**
 * `comm` = a request from the client, `cmnd` = a request from the device, `""` (4 zero bytes) on
 * replies; other values are read as their 4 Latin-1 characters (pyatv does not check them).
 */
export type DataStreamCommand = "comm" | "cmnd" | "" | (string & {});

export interface DataStreamMessage {
  kind: DataStreamKind;
  command: DataStreamCommand;
  /** u64; a reply echoes its request's. */
  seqno: bigint;
  /** The binary plist, or empty (header-only replies). */
  payload: Uint8Array;
}

const U64_MAX = (1n << 64n) - 1n;
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const KIND_BYTES: Record<"sync" | "rply", Uint8Array> = { sync: ascii("sync"), rply: ascii("rply") };

/** A random client sequence number in [0x1_0000_0000, 0x1_FFFF_FFFF], chosen once per channel (pyatv). */
export function randomSeqno(random: () => number = Math.random): bigint {
  return 0x1_0000_0000n + BigInt(Math.floor(random() * 0x1_0000_0000) >>> 0);
}

/**
 * Encodes one message: header ‖ payload. RangeError on a sequence number outside u64, a huge
 * payload, kind `other`, or a command that is not 4 Latin-1 characters (or empty).
 */
export function encodeDataStreamMessage(message: DataStreamMessage): Uint8Array {
  const { kind, command, seqno, payload } = message;
  if (kind === "other") throw new RangeError("only sync and rply messages can be encoded");
  if (command !== "" && (command.length !== 4 || [...command].some((c) => c.charCodeAt(0) > 0xff))) {
    throw new RangeError("a data-stream command is 4 Latin-1 characters or empty");
  }
  if (typeof seqno !== "bigint" || seqno < 0n || seqno > U64_MAX) {
    throw new RangeError("data-stream sequence number must be a u64 bigint");
  }
  const size = DATA_STREAM_HEADER_BYTES + payload.length;
  if (size > 0xffff_ffff) throw new RangeError(`data-stream message of ${size} bytes is too large`);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, size);
  out.set(KIND_BYTES[kind], 4);
  if (command !== "")
    out.set(
      Uint8Array.from(command, (c) => c.charCodeAt(0)),
      16,
    );
  view.setBigUint64(20, seqno);
  out.set(payload, DATA_STREAM_HEADER_BYTES);
  return out;
}

/** The header-only reply every received `sync` gets (same sequence number, command zeros). */
export function replyFor(request: Pick<DataStreamMessage, "seqno">): Uint8Array {
  return encodeDataStreamMessage({
    kind: "rply",
    command: "",
    seqno: request.seqno,
    payload: new Uint8Array(),
  });
}

function parseKind(header: Uint8Array): DataStreamKind {
  const text = String.fromCharCode(...header.subarray(4, 8));
  return text === "sync" || text === "rply" ? text : "other";
}

function parseCommand(header: Uint8Array): DataStreamCommand {
  const bytes = header.subarray(16, 20);
  return bytes.every((b) => b === 0) ? "" : String.fromCharCode(...bytes);
}

export interface DataStreamDecoderOptions {
  /** Largest accepted message (header included). Default 16 MiB. */
  maxMessageBytes?: number;
}

/**
 * Incremental decoder: feed decrypted chunks of any size; get every complete message. A size below
 * the header or above `maxMessageBytes` is refused as soon as the 4 size bytes are in; after an
 * error the stream is unusable and every later call throws the same error.
 */
export class DataStreamDecoder {
  readonly maxMessageBytes: number;
  readonly #queue = new ByteQueue();
  #failed: Error | undefined;

  constructor(options: DataStreamDecoderOptions = {}) {
    const max = options.maxMessageBytes ?? DEFAULT_MAX_DATA_STREAM_MESSAGE_BYTES;
    if (!Number.isSafeInteger(max) || max < DATA_STREAM_HEADER_BYTES || max > 0xffff_ffff) {
      throw new RangeError(`maxMessageBytes must be an integer in 32..2^32-1, got ${max}`);
    }
    this.maxMessageBytes = max;
  }

  /** Bytes received and not yet returned in a message. */
  get bufferedBytes(): number {
    return this.#queue.length;
  }

  push(chunk: Uint8Array): DataStreamMessage[] {
    if (this.#failed) throw this.#failed;
    try {
      this.#queue.push(chunk);
      const out: DataStreamMessage[] = [];
      while (this.#queue.length >= 4) {
        const sizeBytes = this.#queue.peek(4);
        const size = new DataView(sizeBytes.buffer).getUint32(0);
        if (size < DATA_STREAM_HEADER_BYTES) {
          throw new MalformedDataStreamError(`data-stream message size ${size} is below the 32-byte header`);
        }
        if (size > this.maxMessageBytes) {
          throw new DataStreamTooLargeError("data-stream message", size, this.maxMessageBytes);
        }
        if (this.#queue.length < DATA_STREAM_HEADER_BYTES) break;
        const header = this.#queue.peek(DATA_STREAM_HEADER_BYTES);
        const kind = parseKind(header);
        const command = parseCommand(header);
        if (this.#queue.length < size) break;
        this.#queue.take(DATA_STREAM_HEADER_BYTES);
        const seqno = new DataView(header.buffer).getBigUint64(20);
        out.push({ kind, command, seqno, payload: this.#queue.take(size - DATA_STREAM_HEADER_BYTES) });
      }
      return out;
    } catch (error) {
      this.#failed = error instanceof Error ? error : new Error(String(error));
      this.#queue.clear();
      throw this.#failed;
    }
  }

  /** The peer ended the stream: MalformedDataStreamError when a message was cut off. */
  end(): void {
    if (this.#failed) throw this.#failed;
    if (this.#queue.length > 0) {
      this.#failed = new MalformedDataStreamError(
        `data stream ended inside a message (${this.#queue.length} bytes left)`,
      );
      throw this.#failed;
    }
  }
}

function varintLength(n: number): number {
  let length = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    length++;
  }
  return length;
}

/** `{"params": {"data": varint(len) ‖ message …}}` as a binary plist. */
export function encodeMrpPayload(messages: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const m of messages) total += varintLength(m.length) + m.length;
  const data = new Uint8Array(total);
  let at = 0;
  for (const m of messages) {
    let v = m.length;
    while (v >= 0x80) {
      data[at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    data[at++] = v;
    data.set(m, at);
    at += m.length;
  }
  return encodeBinaryPlist({ params: { data } });
}

export interface MrpPayloadLimits {
  /** Largest accepted MRP message. Default 16 MiB. */
  maxMessageBytes?: number;
  /** Most MRP messages in one payload. Default 1024. */
  maxMessages?: number;
}

/**
 * The serialized ProtocolMessages of a payload, in order. An empty payload, or a plist without
 * `params.data` (the device's `{}` replies), carries none. Quirk (pyatv): data starting with 0x08
 * (the tag of ProtocolMessage field 1) is one message without a length prefix.
 */
export function decodeMrpPayload(payload: Uint8Array, limits: MrpPayloadLimits = {}): Uint8Array[] {
  const maxMessageBytes = limits.maxMessageBytes ?? DEFAULT_MAX_DATA_STREAM_MESSAGE_BYTES;
  const maxMessages = limits.maxMessages ?? DEFAULT_MAX_MRP_FRAMES_PER_PAYLOAD;
  if (payload.length === 0) return [];
  let plist;
  try {
    plist = decodePlistDict(payload, { maxBytes: Math.max(maxMessageBytes + 1024, 4096), maxDepth: 8 });
  } catch (cause) {
    if (cause instanceof MalformedPlistError) {
      throw new MalformedDataStreamError(`data-stream payload: ${cause.message}`, { cause });
    }
    throw cause;
  }
  const params = plist["params"];
  if (params === undefined) return [];
  if (!isPlistDict(params))
    throw new MalformedDataStreamError("data-stream payload: params is not a dictionary");
  const data = params["data"];
  if (data === undefined) return [];
  if (!(data instanceof Uint8Array))
    throw new MalformedDataStreamError("data-stream payload: params.data is not data");
  if (data.length === 0) return [];
  if (data[0] === 0x08) {
    if (data.length > maxMessageBytes)
      throw new DataStreamTooLargeError("MRP message", data.length, maxMessageBytes);
    return [data.slice()];
  }
  const messages: Uint8Array[] = [];
  let at = 0;
  while (at < data.length) {
    let length = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (at >= data.length)
        throw new MalformedDataStreamError("data-stream payload: truncated length prefix");
      if (i >= 5)
        throw new MalformedDataStreamError("data-stream payload: length prefix longer than 5 bytes");
      const byte = data[at++] as number;
      length += (byte & 0x7f) * scale;
      scale *= 0x80;
      if ((byte & 0x80) === 0) break;
    }
    if (length > maxMessageBytes) throw new DataStreamTooLargeError("MRP message", length, maxMessageBytes);
    if (length > data.length - at) {
      throw new MalformedDataStreamError(
        `data-stream payload: message of ${length} bytes but only ${data.length - at} left`,
      );
    }
    if (messages.length >= maxMessages) {
      throw new MalformedDataStreamError(`data-stream payload carries more than ${maxMessages} messages`);
    }
    messages.push(data.slice(at, at + length));
    at += length;
  }
  return messages;
}
