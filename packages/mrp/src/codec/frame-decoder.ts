import { FrameTooLargeError, MalformedMessageError } from "./errors.js";
import { MAX_LENGTH_VARINT_BYTES } from "./varint.js";

/** Default upper bound for one frame's payload (artwork replies are the largest messages). */
export const DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

export interface FrameDecoderOptions {
  /** Largest accepted payload in bytes; checked as soon as the length prefix is read. */
  maxFrameBytes?: number;
}

/**
 * Incremental decoder for MRP's framing: `varint(length) ‖ payload`.
 * Feed it TCP chunks of any size with {@link push}; it returns every complete
 * payload (a fresh copy) and keeps the rest. A length above `maxFrameBytes` is
 * rejected before any of the payload is buffered, so memory stays bounded by
 * `maxFrameBytes` plus one chunk.
 */
export class FrameDecoder {
  readonly maxFrameBytes: number;
  /** Pending chunks; those before `#head` are consumed (compacted lazily, so 1-byte chunks stay O(n)). */
  #chunks: Uint8Array[] = [];
  #head = 0;
  #buffered = 0;
  /** Payload length of the frame being read, or -1 while its length prefix is incomplete. */
  #expected = -1;
  #failed: Error | undefined;

  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!Number.isSafeInteger(max) || max < 0 || max >= 2 ** 35) {
      throw new RangeError(`maxFrameBytes must be an integer in 0..2^35-1, got ${max}`);
    }
    this.maxFrameBytes = max;
  }

  /** Bytes received but not yet returned as part of a frame. */
  get bufferedBytes(): number {
    return this.#buffered;
  }

  /**
   * Adds received bytes and returns the payloads they complete, in order.
   * Throws {@link FrameTooLargeError} or {@link MalformedMessageError}; after
   * that the stream is unusable and every later call throws the same error.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.#failed) throw this.#failed;
    if (chunk.length > 0) {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
    }
    const frames: Uint8Array[] = [];
    for (;;) {
      if (this.#expected < 0 && !this.#readLength()) break;
      if (this.#buffered < this.#expected) break;
      frames.push(this.#take(this.#expected));
      this.#expected = -1;
    }
    return frames;
  }

  /**
   * Declares the end of the stream: throws {@link MalformedMessageError} when a
   * frame was cut off (bytes are pending), else does nothing.
   */
  end(): void {
    if (this.#failed) throw this.#failed;
    if (this.#buffered > 0 || this.#expected > 0) {
      const what =
        this.#expected < 0 ? "length prefix" : `frame (${this.#buffered} of ${this.#expected} bytes)`;
      throw this.#fail(new MalformedMessageError(`MRP stream ended inside a ${what}`));
    }
  }

  /** Tries to read the varint length prefix; true when `#expected` is now known. */
  #readLength(): boolean {
    let value = 0;
    let scale = 1;
    let count = 0;
    for (let c = this.#head; c < this.#chunks.length; c++) {
      const chunk = this.#chunks[c] as Uint8Array;
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i] as number;
        count++;
        value += (byte & 0x7f) * scale;
        scale *= 0x80;
        if (value > this.maxFrameBytes) throw this.#fail(new FrameTooLargeError(value, this.maxFrameBytes));
        if ((byte & 0x80) === 0) {
          this.#skip(count);
          this.#expected = value;
          return true;
        }
        if (count >= MAX_LENGTH_VARINT_BYTES) {
          throw this.#fail(
            new MalformedMessageError(
              `MRP frame length prefix is longer than ${MAX_LENGTH_VARINT_BYTES} bytes`,
            ),
          );
        }
      }
    }
    return false;
  }

  #skip(n: number): void {
    let left = n;
    while (left > 0) {
      const head = this.#chunks[this.#head] as Uint8Array;
      if (head.length <= left) {
        this.#dropHead();
        left -= head.length;
      } else {
        this.#chunks[this.#head] = head.subarray(left);
        left = 0;
      }
    }
    this.#buffered -= n;
  }

  #dropHead(): void {
    this.#head++;
    if (this.#head === this.#chunks.length) {
      this.#chunks = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
  }

  #take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const head = this.#chunks[this.#head] as Uint8Array;
      const want = n - filled;
      if (head.length <= want) {
        out.set(head, filled);
        filled += head.length;
        this.#dropHead();
      } else {
        out.set(head.subarray(0, want), filled);
        this.#chunks[this.#head] = head.subarray(want);
        filled = n;
      }
    }
    this.#buffered -= n;
    return out;
  }

  #fail(error: Error): Error {
    this.#failed = error;
    this.#chunks = [];
    this.#head = 0;
    this.#buffered = 0;
    return error;
  }
}
