/**
 * The AirPlay 2 data channel as an MRP frame channel (mrp.md §14): a TCP connection to `dataPort`,
 * HAP block encryption with the DataStream keys from its first byte, data-stream messages inside.
 * Each MRP message we send goes out as one `sync` (`comm` from the client, `cmnd` from the device)
 * with the channel's sequence number; every `sync` received is answered with a header-only `rply`
 * and its MRP messages are emitted as `frame`s. Used by both sides; `@atv/mrp`'s ChannelTransport
 * runs MRP on it.
 */
import type { Socket } from "node:net";
import {
  ConnectionLostError,
  ProtocolError,
  SocketLifecycle,
  TypedEmitter,
  connectTcp,
  createLogger,
  isAtvError,
  type CallOptions,
  type Logger,
} from "@atv/core";
import { HapBlockCipher, type SessionKeys } from "@atv/hap-crypto";
import type { MrpFrameChannel, MrpFrameChannelEvents } from "@atv/mrp";
import {
  DataStreamDecoder,
  DEFAULT_MAX_DATA_STREAM_MESSAGE_BYTES,
  decodeMrpPayload,
  encodeDataStreamMessage,
  encodeMrpPayload,
  randomSeqno,
  replyFor,
} from "./data-stream.js";
import { MalformedDataStreamError } from "./errors.js";
import type { TunnelRole } from "./keys.js";

export interface DataChannelOptions {
  /** DataStream keys for this side (dataStreamKeys(secret, seed, role)). */
  keys: SessionKeys;
  role: TunnelRole;
  /** Largest data-stream message and MRP message accepted. Default 16 MiB. */
  maxMessageBytes?: number;
  logger?: Logger;
  label?: string;
}

export interface DataChannelConnectOptions extends DataChannelOptions, CallOptions {
  connectTimeoutMs?: number;
}

/** Unreadable payloads in a row after which the stream is taken as broken and dropped. */
export const MAX_CONSECUTIVE_BAD_PAYLOADS = 8;

export class DataChannel extends TypedEmitter<MrpFrameChannelEvents> implements MrpFrameChannel {
  readonly #socket: SocketLifecycle;
  readonly #cipher: HapBlockCipher;
  readonly #decoder: DataStreamDecoder;
  readonly #maxMessageBytes: number;
  readonly #role: TunnelRole;
  readonly #seqno: bigint;
  readonly #log: Logger;
  readonly #label: string;
  #badPayloads = 0;

  constructor(socket: Socket, options: DataChannelOptions) {
    super();
    // Parse by the length prefix whatever block size the peer uses (hap-pairing.md §9); 64 KiB at most.
    this.#cipher = new HapBlockCipher(options.keys, { maxBlockLength: 0xffff });
    this.#maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_DATA_STREAM_MESSAGE_BYTES;
    this.#decoder = new DataStreamDecoder({ maxMessageBytes: Math.max(this.#maxMessageBytes + 4096, 4096) });
    this.#role = options.role;
    this.#seqno = randomSeqno();
    this.#log = options.logger ?? createLogger("atv:airplay:tunnel");
    this.#label = options.label ?? `data channel (${options.role})`;
    this.#socket = new SocketLifecycle(socket, {
      logger: this.#log,
      label: this.#label,
      toError: asTyped,
      onData: (chunk) => this.#receive(chunk),
      onEnd: () => {
        this.#cipher.end();
        this.#decoder.end();
      },
      onClose: (failure) => this.#finish(failure),
    });
  }

  /** Connects to the device's `dataPort` (client side). */
  static async connect(host: string, port: number, options: DataChannelConnectOptions): Promise<DataChannel> {
    const socket = await connectTcp(host, port, {
      label: "the data channel",
      signal: options.signal,
      timeoutMs: options.connectTimeoutMs,
    });
    return new DataChannel(socket, options);
  }

  get closed(): boolean {
    return this.#socket.closed;
  }

  /** Sends one serialized ProtocolMessage as a `sync` message. */
  send(frame: Uint8Array): void {
    if (this.#socket.ended) throw new ConnectionLostError(`${this.#label} is closed`);
    const message = encodeDataStreamMessage({
      kind: "sync",
      command: this.#role === "client" ? "comm" : "cmnd",
      seqno: this.#seqno,
      payload: encodeMrpPayload([frame]),
    });
    this.#socket.socket.write(this.#cipher.encrypt(message));
  }

  close(): Promise<void> {
    return this.#socket.close();
  }

  reset(): void {
    this.#socket.reset();
  }

  /** Drops the channel because of `error` (e.g. the tunnel's other channel failed); `closed` carries it. */
  abort(error: Error): void {
    this.#socket.drop(error);
  }

  #receive(chunk: Uint8Array): void {
    if (this.#socket.closed || this.#socket.failure) return;
    let plain: Uint8Array;
    try {
      plain = this.#cipher.decrypt(chunk);
    } catch (cause) {
      throw new ProtocolError(`${this.#label}: undecryptable data (${describe(cause)})`, { cause });
    }
    if (plain.length === 0) return;
    for (const message of this.#decoder.push(plain)) {
      if (message.kind === "rply") continue;
      if (message.kind === "sync") this.#socket.socket.write(this.#cipher.encrypt(replyFor(message)));
      let frames: Uint8Array[];
      try {
        frames = decodeMrpPayload(message.payload, { maxMessageBytes: this.#maxMessageBytes });
        this.#badPayloads = 0;
      } catch (error) {
        // The framing is intact: skip an unreadable payload (pyatv logs it), unless they keep coming.
        if (!(error instanceof MalformedDataStreamError)) throw error;
        if (++this.#badPayloads >= MAX_CONSECUTIVE_BAD_PAYLOADS) throw error;
        this.#log("%s: skipping a payload that could not be read: %s", this.#label, error.message);
        continue;
      }
      for (const frame of frames) {
        if (this.#socket.closed || this.#socket.failure) return;
        this.emit("frame", frame);
      }
    }
  }

  #finish(failure: Error | undefined): void {
    this.#cipher.dispose();
    // A clean FIN from the peer is no failure here: the MRP transport on top decides (pending requests).
    this.#log("%s: closed%s", this.#label, failure ? ` (${failure.message})` : "");
    this.emit("closed", failure);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** @atv/core errors pass; anything else (hap-crypto's, node's) becomes a ProtocolError with it as cause. */
function asTyped(error: unknown): Error {
  if (isAtvError(error)) return error;
  if (
    error instanceof Error &&
    "code" in error &&
    typeof error.code === "string" &&
    error.code.startsWith("E")
  ) {
    return error;
  }
  return new ProtocolError(describe(error), { cause: error });
}
