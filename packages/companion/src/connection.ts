/**
 * One Companion connection over TCP: frames, OPACK payloads and, after pair-verify,
 * ChaCha20-Poly1305 with the 4-byte header as AAD (companion.md §2). Used by the client
 * and by the device side alike.
 */
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
  FRAME_HEADER_BYTES,
  FrameDecoder,
  FrameType,
  carriesOpack,
  encodeFrameHeader,
  frameTypeName,
} from "./codec/frame.js";
import { decodeOpack, encodeOpack, type OpackValue } from "./codec/opack.js";

/** Encryption of frame payloads once pair-verify is done; `aad` is the frame header. */
export interface FrameCipher {
  encrypt(plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  decrypt(sealed: Uint8Array, aad: Uint8Array): Uint8Array;
}

const TAG_BYTES = 16;

export interface ConnectionEvents {
  [event: string]: unknown[];
  /** One frame whose payload is an OPACK value (types 0x03–0x09). */
  frame: [type: number, value: OpackValue];
  /** `undefined` = closed by us, or cleanly by the peer with nothing outstanding. */
  closed: [error: ConnectionLostError | undefined];
}

export interface ConnectionOptions {
  /** Largest accepted frame payload (see FrameDecoder). Default 1 MiB. */
  maxFrameBytes?: number;
  logger?: Logger;
  /** Short label for logs (`client`, `device`). */
  label?: string;
}

export interface ConnectOptions extends ConnectionOptions, CallOptions {
  /** Default 10 s. */
  connectTimeoutMs?: number;
}

export class CompanionConnection extends TypedEmitter<ConnectionEvents> {
  readonly #socket: SocketLifecycle;
  readonly #decoder: FrameDecoder;
  readonly #log: Logger;
  readonly #label: string;
  #cipher: FrameCipher | undefined;
  #holdAfterNext = false;
  #held = false;
  readonly #backlog: { type: number; payload: Uint8Array; header: Uint8Array }[] = [];
  #busy: () => boolean = () => false;

  constructor(socket: Socket, options: ConnectionOptions = {}) {
    super();
    this.#decoder = new FrameDecoder(
      options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes },
    );
    this.#log = options.logger ?? createLogger("atv:companion:connection");
    this.#label = options.label ?? "companion";
    this.#socket = new SocketLifecycle(socket, {
      logger: this.#log,
      label: this.#label,
      onData: (chunk) => {
        for (const frame of this.#decoder.push(chunk)) this.#frame(frame.type, frame.payload, frame.header);
      },
      onEnd: () => this.#decoder.end(),
      isBusy: () => this.#busy(),
      onClose: (failure) => this.#finish(failure),
    });
  }

  /** Opens a TCP connection; ConnectionFailedError on refusal or timeout, the abort reason on abort. */
  static async connect(
    host: string,
    port: number,
    options: ConnectOptions = {},
  ): Promise<CompanionConnection> {
    const socket = await connectTcp(host, port, {
      label: "Companion",
      keepAlive: 1000,
      signal: options.signal,
      timeoutMs: options.connectTimeoutMs,
    });
    return new CompanionConnection(socket, { label: "client", ...options });
  }

  get closed(): boolean {
    return this.#socket.closed;
  }

  get encrypted(): boolean {
    return this.#cipher !== undefined;
  }

  enableEncryption(cipher: FrameCipher): void {
    this.#cipher = cipher;
    this.release();
  }

  /** After the next received frame, keep later frames raw until enableEncryption()/release(). */
  holdAfterNextFrame(): void {
    this.#holdAfterNext = true;
  }

  release(): void {
    this.#holdAfterNext = false;
    if (!this.#held) return;
    this.#held = false;
    queueMicrotask(() => {
      const backlog = this.#backlog.splice(0);
      try {
        for (const f of backlog) this.#frame(f.type, f.payload, f.header);
      } catch (error) {
        this.#socket.drop(error);
      }
    });
  }

  setBusyCheck(check: () => boolean): void {
    this.#busy = check;
  }

  /** Encodes, encrypts (when enabled) and writes one frame. ConnectionLostError once closed. */
  send(type: number, value: OpackValue): void {
    this.sendRaw(type, encodeOpack(value));
  }

  /** Writes one frame with an already-encoded payload (encrypted when enabled and non-empty). */
  sendRaw(type: number, plain: Uint8Array): void {
    if (this.#socket.ended) throw new ConnectionLostError(`Companion connection (${this.#label}) is closed`);
    if (this.#log.enabled) this.#logFrame(">>", type, plain);
    if (this.#cipher && plain.length > 0) {
      const header = encodeFrameHeader(type, plain.length + TAG_BYTES);
      const sealed = this.#cipher.encrypt(plain, header);
      const out = new Uint8Array(FRAME_HEADER_BYTES + sealed.length);
      out.set(header);
      out.set(sealed, FRAME_HEADER_BYTES);
      this.#socket.socket.write(out);
      return;
    }
    const out = new Uint8Array(FRAME_HEADER_BYTES + plain.length);
    out.set(encodeFrameHeader(type, plain.length));
    out.set(plain, FRAME_HEADER_BYTES);
    this.#socket.socket.write(out);
  }

  /** Graceful close (FIN, then wait for the peer); idempotent. */
  close(): Promise<void> {
    return this.#socket.close();
  }

  /** Drops the connection at once with a TCP reset (a vanished device). */
  reset(): void {
    this.#socket.reset();
  }

  #frame(type: number, payload: Uint8Array, header: Uint8Array): void {
    if (this.#socket.closed) return;
    if (this.#held) {
      this.#backlog.push({ type, payload, header });
      return;
    }
    let plain = payload;
    if (this.#cipher && payload.length > 0) {
      try {
        plain = this.#cipher.decrypt(payload, header);
      } catch (cause) {
        throw new ProtocolError(
          `Companion ${frameTypeName(type)} frame of ${payload.length} bytes failed to decrypt`,
          {
            cause,
          },
        );
      }
    }
    if (!carriesOpack(type)) {
      this.#log("%s: ignoring %s frame (%d bytes)", this.#label, frameTypeName(type), plain.length);
      return;
    }
    if (this.#log.enabled) this.#logFrame("<<", type, plain);
    const value = plain.length === 0 ? null : decodeOpack(plain);
    if (this.#holdAfterNext) {
      this.#holdAfterNext = false;
      this.#held = true;
    }
    this.emit("frame", type, value);
  }

  /** Pairing payloads are never dumped (SRP values would allow an offline PIN search). */
  #logFrame(direction: string, type: number, plain: Uint8Array): void {
    const pairing = type >= FrameType.PS_Start && type <= FrameType.PV_Next;
    this.#log(
      "%s %s %s %s",
      this.#label,
      direction,
      frameTypeName(type),
      pairing ? `(${plain.length} bytes)` : hexPreview(plain, 48),
    );
  }

  #finish(failure: Error | undefined): void {
    const error =
      this.#socket.closing && !failure
        ? undefined
        : failure
          ? new ConnectionLostError(`Companion connection (${this.#label}) lost: ${failure.message}`, {
              cause: failure,
            })
          : undefined;
    this.#log("%s: closed%s", this.#label, error ? ` (${error.message})` : "");
    this.emit("closed", error);
  }
}
