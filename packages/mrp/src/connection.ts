import type { Socket } from "node:net";
import {
  ConnectionLostError,
  ProtocolError,
  SocketLifecycle,
  TypedEmitter,
  connectTcp,
  createLogger,
  hexPreview,
  type CallOptions,
  type Logger,
} from "@atv/core";
import {
  decodeProtocolMessage,
  encodeProtocolMessage,
  MessageType,
  messageTypeName,
} from "./codec/protocol-message.js";
import { encodeFrame } from "./codec/frame.js";
import { FrameDecoder } from "./codec/frame-decoder.js";
import type { ProtocolMessage } from "./gen/atv/mrp/protocol_message_pb.js";

/**
 * Per-message encryption of frame payloads once pair-verify is done
 * (ChaCha20-Poly1305 with a per-direction counter; hap-pairing.md §9).
 * `decrypt` throws when the tag does not verify.
 */
export interface FrameCipher {
  encrypt(plaintext: Uint8Array): Uint8Array;
  decrypt(ciphertext: Uint8Array): Uint8Array;
}

/** Why a transport ended: `undefined` = closed by us or cleanly by the peer with nothing pending. */
export interface TransportEvents {
  message: [message: ProtocolMessage];
  closed: [error: ConnectionLostError | undefined];
}

/**
 * What the session needs from a transport: send and receive ProtocolMessages.
 * A TCP connection implements it; so can a tunnel (MRP over AirPlay 2).
 */
export interface MrpTransport {
  readonly closed: boolean;
  /** Whether frames are encrypted in both directions. */
  readonly encrypted: boolean;
  send(message: ProtocolMessage): void;
  /** Switches encryption on for every following frame in both directions. */
  enableEncryption(cipher: FrameCipher): void;
  /** Lets the owner say whether requests are outstanding (a peer close then counts as a loss). */
  setBusyCheck?(check: () => boolean): void;
  /** Keep frames after the next message unprocessed until encryption is enabled (or release()). */
  holdAfterNextMessage?(): void;
  release?(): void;
  close(): Promise<void>;
  on<K extends keyof TransportEvents>(event: K, listener: (...args: TransportEvents[K]) => void): () => void;
  off<K extends keyof TransportEvents>(event: K, listener: (...args: TransportEvents[K]) => void): void;
}

export interface ConnectionOptions {
  /** Largest accepted frame payload in bytes (see FrameDecoder). */
  maxFrameBytes?: number;
  logger?: Logger;
  /** Short label for logs, e.g. `client` or `device`. */
  label?: string;
}

export interface ConnectOptions extends ConnectionOptions, CallOptions {
  /** Give up connecting after this long. Default 10 s. */
  connectTimeoutMs?: number;
}

/**
 * Frames in a row that may fail to decrypt or decode before the connection is
 * dropped. One bad frame is logged and skipped, as pyatv does (the framing is
 * intact and a failed tag does not advance the read counter); a run of them
 * means the stream itself is desynchronised (e.g. counters out of step).
 */
export const MAX_CONSECUTIVE_BAD_FRAMES = 8;

/**
 * One MRP connection over TCP: framing, optional encryption and typed errors.
 * Used by the client and by the fake device (server side) alike.
 */
export class MrpConnection extends TypedEmitter<TransportEvents> implements MrpTransport {
  readonly #socket: SocketLifecycle;
  readonly #decoder: FrameDecoder;
  readonly #log: Logger;
  readonly #label: string;
  #cipher: FrameCipher | undefined;
  /** Stop handling frames after the next message until encryption is on (see holdAfterNextMessage). */
  #holdAfterNext = false;
  #held = false;
  readonly #backlog: Uint8Array[] = [];
  #busy: () => boolean = () => false;
  #badFrames = 0;

  constructor(socket: Socket, options: ConnectionOptions = {}) {
    super();
    this.#decoder = new FrameDecoder(
      options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes },
    );
    this.#log = options.logger ?? createLogger("atv:mrp:connection");
    this.#label = options.label ?? "mrp";
    this.#socket = new SocketLifecycle(socket, {
      logger: this.#log,
      label: this.#label,
      onData: (chunk) => this.#receive(chunk),
      // The peer sent FIN. A cut-off frame or outstanding requests make it a loss.
      onEnd: () => this.#decoder.end(),
      isBusy: () => this.#busy(),
      busyEndMessage: "connection closed by the device while requests were pending",
      onClose: (failure) => this.#finish(failure),
    });
  }

  /** Opens a TCP connection; ConnectionFailedError on refusal or timeout, the signal's reason on abort. */
  static async connect(host: string, port: number, options: ConnectOptions = {}): Promise<MrpConnection> {
    const socket = await connectTcp(host, port, {
      label: "MRP",
      keepAlive: 1000,
      signal: options.signal,
      timeoutMs: options.connectTimeoutMs,
    });
    return new MrpConnection(socket, { label: "client", ...options });
  }

  get closed(): boolean {
    return this.#socket.closed;
  }

  get encrypted(): boolean {
    return this.#cipher !== undefined;
  }

  get remoteAddress(): string | undefined {
    return this.#socket.socket.remoteAddress;
  }

  enableEncryption(cipher: FrameCipher): void {
    this.#cipher = cipher;
    this.release();
  }

  /**
   * After the next received message, keep further frames unprocessed until
   * enableEncryption() or release(): frames that follow pair-verify M4 in the
   * same TCP read are already encrypted.
   */
  holdAfterNextMessage(): void {
    this.#holdAfterNext = true;
  }

  /** Resumes handling frames kept by holdAfterNextMessage(). */
  release(): void {
    this.#holdAfterNext = false;
    if (!this.#held) return;
    this.#held = false;
    queueMicrotask(() => this.#drainBacklog());
  }

  setBusyCheck(check: () => boolean): void {
    this.#busy = check;
  }

  /** Encodes, encrypts (when enabled) and writes one message. ConnectionLostError once closed. */
  send(message: ProtocolMessage): void {
    if (this.#socket.ended) throw new ConnectionLostError(`MRP connection (${this.#label}) is closed`);
    const plain = encodeProtocolMessage(message);
    if (this.#log.enabled) this.#logMessage(">>", message.type, plain);
    const payload = this.#cipher ? this.#cipher.encrypt(plain) : plain;
    this.#socket.socket.write(encodeFrame(payload));
  }

  /** Ends the connection gracefully (FIN, then wait for the peer); idempotent. */
  close(): Promise<void> {
    return this.#socket.close();
  }

  /** Drops the connection at once with a TCP reset (tests use it to simulate a lost device). */
  reset(): void {
    this.#socket.reset();
  }

  #receive(chunk: Uint8Array): void {
    for (const frame of this.#decoder.push(chunk)) this.#frame(frame);
  }

  /** Handles one frame, or keeps it raw while held (it may be the first encrypted one). */
  #frame(frame: Uint8Array): void {
    if (this.#socket.closed) return;
    if (this.#held) {
      this.#backlog.push(frame);
      return;
    }
    let message: ProtocolMessage;
    let plain = frame;
    try {
      if (this.#cipher) {
        try {
          plain = this.#cipher.decrypt(frame);
        } catch (cause) {
          throw new ProtocolError(`MRP frame of ${frame.length} bytes failed to decrypt`, { cause });
        }
      }
      message = decodeProtocolMessage(plain);
    } catch (error) {
      // The frame boundary is intact: skip this frame unless bad frames keep coming.
      this.#badFrames++;
      const reason = error instanceof Error ? error.message : String(error);
      if (this.#badFrames >= MAX_CONSECUTIVE_BAD_FRAMES) {
        throw new ProtocolError(
          `${this.#badFrames} MRP frames in a row could not be read (stream desynchronised); last: ${reason}`,
          { cause: error },
        );
      }
      this.#log("%s: skipping a frame that could not be read: %s", this.#label, reason);
      return;
    }
    this.#badFrames = 0;
    if (this.#log.enabled) this.#logMessage("<<", message.type, plain);
    if (this.#holdAfterNext) {
      this.#holdAfterNext = false;
      this.#held = true;
    }
    this.emit("message", message);
  }

  /** Processes frames kept while held; a bad one drops the connection like any other. */
  #drainBacklog(): void {
    const backlog = this.#backlog.splice(0);
    try {
      for (const frame of backlog) this.#frame(frame);
    } catch (error) {
      this.#socket.drop(error);
    }
  }

  /** Debug log of one message; pairing payloads are never dumped (SRP values would allow an offline PIN search). */
  #logMessage(direction: string, type: number, plain: Uint8Array): void {
    const dump =
      type === MessageType.CRYPTO_PAIRING_MESSAGE ? `(${plain.length} bytes)` : hexPreview(plain, 32);
    this.#log("%s %s %s %s", this.#label, direction, messageTypeName(type), dump);
  }

  #finish(failure: Error | undefined): void {
    const error =
      this.#socket.closing && !failure
        ? undefined
        : failure
          ? new ConnectionLostError(`MRP connection (${this.#label}) lost: ${failure.message}`, {
              cause: failure,
            })
          : undefined;
    this.#log("%s: closed%s", this.#label, error ? ` (${error.message})` : "");
    this.emit("closed", error);
  }
}
