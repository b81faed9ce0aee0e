/**
 * MRP over something other than its own TCP port: a duplex channel that carries whole serialized
 * ProtocolMessages (the AirPlay 2 data stream of mrp.md §14, or an in-memory pair in tests), and
 * the adapter that turns such a channel into the {@link MrpTransport} the session runs on.
 *
 *   MrpSetup({ transport: factory }) ─▶ factory({ signal }) ─▶ MrpTransport ─▶ MrpClient.start()
 */
import {
  ConnectionLostError,
  ProtocolError,
  TypedEmitter,
  createLogger,
  hexPreview,
  type CallOptions,
  type Logger,
} from "@atv/core";
import { FrameTooLargeError } from "./codec/errors.js";
import { DEFAULT_MAX_FRAME_BYTES } from "./codec/frame-decoder.js";
import {
  MessageType,
  decodeProtocolMessage,
  encodeProtocolMessage,
  messageTypeName,
} from "./codec/protocol-message.js";
import type { FrameCipher, MrpTransport, TransportEvents } from "./connection.js";
import type { ProtocolMessage } from "./gen/atv/mrp/protocol_message_pb.js";

/** Events of a {@link MrpFrameChannel}. `closed` fires exactly once. */
export interface MrpFrameChannelEvents {
  [event: string]: unknown[];
  /** One serialized ProtocolMessage (no length prefix). */
  frame: [frame: Uint8Array];
  /** The channel ended: `undefined` when closed by us or cleanly by the peer, else why it failed. */
  closed: [error: Error | undefined];
}

/**
 * A duplex channel of MRP messages: each unit is one serialized ProtocolMessage. The channel does
 * its own framing and encryption (e.g. the AirPlay data stream's `sync` messages inside HAP blocks).
 */
export interface MrpFrameChannel {
  readonly closed: boolean;
  /** Sends one serialized ProtocolMessage. Throws (ConnectionLostError) once closed. */
  send(frame: Uint8Array): void;
  /** Ends the channel gracefully; resolves once it is closed. Idempotent. */
  close(): Promise<void>;
  /** Drops the channel at once, as a vanished peer would (the peer sees a loss). Optional. */
  reset?(): void;
  on<K extends keyof MrpFrameChannelEvents & string>(
    event: K,
    listener: (...args: MrpFrameChannelEvents[K]) => void,
  ): () => void;
}

/** Unreadable messages in a row after which a channel is taken as broken and dropped. */
export const MAX_CONSECUTIVE_BAD_MESSAGES = 8;

/**
 * Opens a transport for one MRP session (e.g. sets up the AirPlay tunnel). Rejects with a typed
 * error (ConnectionFailedError, AuthenticationError …) or the signal's reason on abort.
 */
export type MrpTransportFactory = (options: CallOptions) => Promise<MrpTransport>;

export interface ChannelTransportOptions {
  /** Largest accepted message in bytes. Default 8 MiB (as MRP over TCP). */
  maxFrameBytes?: number;
  logger?: Logger;
  /** Short label for logs, e.g. `client` or `device`. */
  label?: string;
}

/**
 * An {@link MrpTransport} over a {@link MrpFrameChannel}: protobuf encoding, optional MRP
 * encryption (not used inside the AirPlay tunnel, whose channel is already encrypted), typed
 * errors and one `closed` event. A malformed message is logged and skipped (pyatv); 8 in a row,
 * an oversized one or one that fails to decrypt drop the channel, reported as a
 * ConnectionLostError whose cause is the ProtocolError.
 */
export class ChannelTransport extends TypedEmitter<TransportEvents> implements MrpTransport {
  readonly channel: MrpFrameChannel;
  readonly #log: Logger;
  readonly #label: string;
  readonly #maxFrameBytes: number;
  #cipher: FrameCipher | undefined;
  #failure: Error | undefined;
  #badMessages = 0;
  #closing = false;
  #closed = false;
  #busy: () => boolean = () => false;
  readonly #closedPromise: Promise<void>;
  readonly #unsubscribe: (() => void)[];

  constructor(channel: MrpFrameChannel, options: ChannelTransportOptions = {}) {
    super();
    this.channel = channel;
    this.#log = options.logger ?? createLogger("atv:mrp:transport");
    this.#label = options.label ?? "mrp";
    const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`maxFrameBytes must be ≥ 0, got ${max}`);
    this.#maxFrameBytes = max;
    let resolveClosed!: () => void;
    this.#closedPromise = new Promise((resolve) => (resolveClosed = resolve));
    this.#unsubscribe = [
      channel.on("frame", (frame) => this.#receive(frame)),
      channel.on("closed", (error) => {
        this.#finish(error);
        resolveClosed();
      }),
    ];
    if (channel.closed) {
      this.#finish(new Error("channel was already closed"));
      resolveClosed();
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  get encrypted(): boolean {
    return this.#cipher !== undefined;
  }

  enableEncryption(cipher: FrameCipher): void {
    this.#cipher = cipher;
  }

  setBusyCheck(check: () => boolean): void {
    this.#busy = check;
  }

  send(message: ProtocolMessage): void {
    if (this.#closed || this.#closing) {
      throw new ConnectionLostError(`MRP transport (${this.#label}) is closed`);
    }
    const plain = encodeProtocolMessage(message);
    if (this.#log.enabled) this.#logMessage(">>", message.type, plain);
    this.channel.send(this.#cipher ? this.#cipher.encrypt(plain) : plain);
  }

  /** Closes the channel gracefully; idempotent. */
  async close(): Promise<void> {
    if (!this.#closed && !this.#closing) {
      this.#closing = true;
      await this.channel.close();
    }
    await this.#closedPromise;
  }

  /** Drops the channel at once (falls back to close() when the channel cannot reset). */
  reset(): void {
    if (this.#closed) return;
    if (this.channel.reset) this.channel.reset();
    else void this.channel.close();
  }

  #receive(frame: Uint8Array): void {
    if (this.#closed || this.#failure) return;
    try {
      if (frame.length > this.#maxFrameBytes) throw new FrameTooLargeError(frame.length, this.#maxFrameBytes);
      let plain = frame;
      if (this.#cipher) {
        try {
          plain = this.#cipher.decrypt(frame);
        } catch (cause) {
          throw new ProtocolError(`MRP message of ${frame.length} bytes failed to decrypt`, { cause });
        }
      }
      let message;
      try {
        message = decodeProtocolMessage(plain);
        this.#badMessages = 0;
      } catch (error) {
        // Message boundaries are the channel's, so one bad message is skipped (as pyatv does);
        // a run of them means the stream is broken.
        if (++this.#badMessages >= MAX_CONSECUTIVE_BAD_MESSAGES) throw error;
        this.#log("%s: skipping a message that could not be read: %s", this.#label, String(error));
        return;
      }
      if (this.#log.enabled) this.#logMessage("<<", message.type, plain);
      this.emit("message", message);
    } catch (error) {
      this.#failure = error instanceof Error ? error : new Error(String(error));
      this.#log("%s: dropping channel: %s", this.#label, this.#failure.message);
      this.reset();
    }
  }

  #finish(channelError: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const stop of this.#unsubscribe) stop();
    let failure = this.#failure ?? channelError;
    if (!failure && !this.#closing && this.#busy()) {
      failure = new Error("channel closed by the device while requests were pending");
    }
    const error =
      failure === undefined
        ? undefined
        : failure instanceof ConnectionLostError
          ? failure
          : new ConnectionLostError(`MRP transport (${this.#label}) lost: ${failure.message}`, {
              cause: failure,
            });
    this.#log("%s: closed%s", this.#label, error ? ` (${error.message})` : "");
    this.emit("closed", error);
  }

  #logMessage(direction: string, type: number, plain: Uint8Array): void {
    const dump =
      type === MessageType.CRYPTO_PAIRING_MESSAGE ? `(${plain.length} bytes)` : hexPreview(plain, 32);
    this.#log("%s %s %s %s", this.#label, direction, messageTypeName(type), dump);
  }
}

class MemoryChannel extends TypedEmitter<MrpFrameChannelEvents> implements MrpFrameChannel {
  peer!: MemoryChannel;
  #closed = false;
  readonly #maxQueued: number;
  #queued = 0;

  constructor(maxQueued: number) {
    super();
    this.#maxQueued = maxQueued;
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(frame: Uint8Array): void {
    if (this.#closed) throw new ConnectionLostError("in-memory MRP channel is closed");
    const copy = new Uint8Array(frame);
    const peer = this.peer;
    if (peer.#queued >= this.#maxQueued) {
      this.reset();
      throw new ConnectionLostError("in-memory MRP channel overflowed");
    }
    peer.#queued++;
    // Delivered on a later tick, in order, like bytes from a socket.
    setImmediate(() => {
      peer.#queued--;
      if (!peer.#closed) peer.emit("frame", copy);
    });
  }

  async close(): Promise<void> {
    this.#end(undefined, undefined);
    await new Promise((resolve) => setImmediate(resolve));
  }

  reset(): void {
    this.#end(undefined, new Error("connection reset by peer"));
  }

  /** Closes this end with `local` and the peer (after pending frames) with `remote`. */
  #end(local: Error | undefined, remote: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    this.emit("closed", local);
    const peer = this.peer;
    setImmediate(() => {
      if (peer.#closed) return;
      peer.#closed = true;
      peer.emit("closed", remote);
    });
  }
}

/**
 * Two connected in-memory channels (`client`, `device`): frames arrive on a later tick in order,
 * close() on one side is a clean close for the other, reset() a loss. For tests and for running
 * an MRP device inside the same process without a socket.
 */
export function memoryChannelPair(options: { maxQueued?: number } = {}): {
  client: MrpFrameChannel;
  device: MrpFrameChannel;
} {
  const max = options.maxQueued ?? 10_000;
  const client = new MemoryChannel(max);
  const device = new MemoryChannel(max);
  client.peer = device;
  device.peer = client;
  return { client, device };
}
