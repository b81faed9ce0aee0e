import { connect as netConnect, type Socket } from "node:net";
import {
  ConnectionFailedError,
  ConnectionLostError,
  ProtocolError,
  TypedEmitter,
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

const CLOSE_GRACE_MS = 1000;

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
  readonly #socket: Socket;
  readonly #decoder: FrameDecoder;
  readonly #log: Logger;
  readonly #label: string;
  #cipher: FrameCipher | undefined;
  /** Stop handling frames after the next message until encryption is on (see holdAfterNextMessage). */
  #holdAfterNext = false;
  #held = false;
  readonly #backlog: Uint8Array[] = [];
  #failure: Error | undefined;
  #closed = false;
  #closing = false;
  #closedPromise: Promise<void>;
  #busy: () => boolean = () => false;
  #badFrames = 0;

  constructor(socket: Socket, options: ConnectionOptions = {}) {
    super();
    this.#socket = socket;
    this.#decoder = new FrameDecoder(
      options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes },
    );
    this.#log = options.logger ?? createLogger("atv:mrp:connection");
    this.#label = options.label ?? "mrp";
    socket.setNoDelay(true);
    this.#closedPromise = new Promise((resolve) => {
      socket.once("close", () => {
        this.#finish(this.#failure);
        resolve();
      });
    });
    socket.on("error", (error) => {
      this.#failure ??= error;
    });
    socket.on("data", (chunk: Buffer) => {
      try {
        this.#receive(chunk);
      } catch (error) {
        this.#failure ??= error instanceof Error ? error : new Error(String(error));
        this.#log("%s: dropping connection: %s", this.#label, this.#failure.message);
        socket.destroy();
      }
    });
    socket.on("end", () => {
      // The peer sent FIN. A cut-off frame or outstanding requests make it a loss.
      try {
        this.#decoder.end();
      } catch (error) {
        this.#failure ??= error instanceof Error ? error : new Error(String(error));
      }
      if (!this.#failure && this.#busy()) {
        this.#failure = new Error("connection closed by the device while requests were pending");
      }
      socket.end();
    });
  }

  /** Opens a TCP connection; ConnectionFailedError on refusal, timeout or abort. */
  static async connect(host: string, port: number, options: ConnectOptions = {}): Promise<MrpConnection> {
    const { signal, connectTimeoutMs = 10_000 } = options;
    signal?.throwIfAborted();
    const socket = netConnect({ host, port });
    socket.setKeepAlive(true, 1000);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => fail(new Error(`timed out after ${connectTimeoutMs} ms`)),
          connectTimeoutMs,
        );
        const onAbort = (): void =>
          fail(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
        const cleanup = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          socket.off("connect", onConnect);
          socket.off("error", fail);
        };
        function onConnect(): void {
          cleanup();
          resolve();
        }
        function fail(error: Error): void {
          cleanup();
          reject(error);
        }
        signal?.addEventListener("abort", onAbort, { once: true });
        socket.once("connect", onConnect);
        socket.once("error", fail);
      });
    } catch (cause) {
      socket.destroy();
      if (signal?.aborted && signal.reason === cause) throw cause;
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new ConnectionFailedError(`could not connect to MRP at ${host}:${port}: ${reason}`, { cause });
    }
    return new MrpConnection(socket, { label: "client", ...options });
  }

  get closed(): boolean {
    return this.#closed;
  }

  get encrypted(): boolean {
    return this.#cipher !== undefined;
  }

  get remoteAddress(): string | undefined {
    return this.#socket.remoteAddress;
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
    if (this.#closed || this.#closing)
      throw new ConnectionLostError(`MRP connection (${this.#label}) is closed`);
    const plain = encodeProtocolMessage(message);
    if (this.#log.enabled) this.#logMessage(">>", message.type, plain);
    const payload = this.#cipher ? this.#cipher.encrypt(plain) : plain;
    this.#socket.write(encodeFrame(payload));
  }

  /** Ends the connection gracefully (FIN, then wait for the peer); idempotent. */
  async close(): Promise<void> {
    if (!this.#closed && !this.#closing) {
      this.#closing = true;
      this.#socket.end();
      const timer = setTimeout(() => this.#socket.destroy(), CLOSE_GRACE_MS);
      timer.unref();
      await this.#closedPromise;
      clearTimeout(timer);
      return;
    }
    await this.#closedPromise;
  }

  /** Drops the connection at once with a TCP reset (tests use it to simulate a lost device). */
  reset(): void {
    if (!this.#closed) this.#socket.resetAndDestroy();
  }

  #receive(chunk: Uint8Array): void {
    for (const frame of this.#decoder.push(chunk)) this.#frame(frame);
  }

  /** Handles one frame, or keeps it raw while held (it may be the first encrypted one). */
  #frame(frame: Uint8Array): void {
    if (this.#closed) return;
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
      this.#failure ??= error instanceof Error ? error : new Error(String(error));
      this.#socket.destroy();
    }
  }

  /** Debug log of one message; pairing payloads are never dumped (SRP values would allow an offline PIN search). */
  #logMessage(direction: string, type: number, plain: Uint8Array): void {
    const dump =
      type === MessageType.CRYPTO_PAIRING_MESSAGE ? `(${plain.length} bytes)` : hexPreview(plain, 32);
    this.#log("%s %s %s %s", this.#label, direction, messageTypeName(type), dump);
  }

  #finish(failure: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    const error =
      this.#closing && !failure
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
