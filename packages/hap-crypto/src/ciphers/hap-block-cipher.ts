/**
 * The HAP block cipher (HAP §6.5.2, used by AirPlay 2's control/event/data channels and HAP over
 * TCP): plaintext is cut into blocks of at most 1024 bytes; each block goes on the wire as
 * LE16(length) ‖ ChaCha20-Poly1305(block, AAD = the two length bytes) ‖ tag, with nonce
 * 4 zero bytes ‖ LE64(counter) and a counter per direction.
 *
 * `decrypt()` is incremental: feed it TCP chunks of any size; it returns the plaintext of every
 * block completed so far. A block length over `maxBlockLength` is rejected as soon as its two
 * length bytes arrive, before anything of it is buffered, so memory stays bounded.
 */
import { assertBytes, zeroize } from "../bytes.js";
import { ProtocolError } from "../errors.js";
import {
  CHACHA_KEY_BYTES,
  CHACHA_TAG_BYTES,
  chacha20Poly1305Open,
  chacha20Poly1305Seal,
  counterNonce,
} from "../primitives/chacha20-poly1305.js";
import type { SessionKeys } from "../session-keys.js";

/** HAP's block size. */
export const HAP_BLOCK_LENGTH = 1024;

export interface HapBlockCipherOptions {
  /** Plaintext bytes per block we send. Default 1024 (HAP). */
  blockLength?: number;
  /**
   * The largest block we accept from the peer. Default 1024 (what HAP mandates and what Apple's
   * devices and pyatv send); at most 65535 (the largest the 2-byte prefix can express).
   */
  maxBlockLength?: number;
}

export class HapBlockCipher {
  readonly #writeKey: Uint8Array;
  readonly #readKey: Uint8Array;
  readonly #blockLength: number;
  readonly #maxBlockLength: number;
  #writeCounter = 0;
  #readCounter = 0;
  /** Holds at most one incomplete frame: 2 + maxBlockLength + 16 bytes. */
  readonly #pending: Uint8Array;
  #pendingLength = 0;
  #failed = false;
  #disposed = false;

  /** Copies both keys; `dispose()` zeroes the copies. */
  constructor(keys: SessionKeys, options: HapBlockCipherOptions = {}) {
    assertBytes(keys?.writeKey, "writeKey", CHACHA_KEY_BYTES);
    assertBytes(keys.readKey, "readKey", CHACHA_KEY_BYTES);
    const blockLength = options.blockLength ?? HAP_BLOCK_LENGTH;
    const maxBlockLength = options.maxBlockLength ?? HAP_BLOCK_LENGTH;
    for (const [name, value] of [
      ["blockLength", blockLength],
      ["maxBlockLength", maxBlockLength],
    ] as const) {
      if (!Number.isInteger(value) || value < 1 || value > 0xffff)
        throw new RangeError(`${name} must be 1..65535`);
    }
    this.#writeKey = new Uint8Array(keys.writeKey);
    this.#readKey = new Uint8Array(keys.readKey);
    this.#blockLength = blockLength;
    this.#maxBlockLength = maxBlockLength;
    this.#pending = new Uint8Array(2 + maxBlockLength + CHACHA_TAG_BYTES);
  }

  get writeCounter(): number {
    return this.#writeCounter;
  }

  get readCounter(): number {
    return this.#readCounter;
  }

  /** Bytes of an incomplete frame currently buffered. */
  get bufferedBytes(): number {
    return this.#pendingLength;
  }

  /** Encrypts `plaintext` as one or more frames (nothing for empty input). */
  encrypt(plaintext: Uint8Array): Uint8Array {
    this.#assertUsable();
    assertBytes(plaintext, "plaintext");
    const blocks = Math.ceil(plaintext.length / this.#blockLength);
    const out = new Uint8Array(plaintext.length + blocks * (2 + CHACHA_TAG_BYTES));
    let offset = 0;
    for (let start = 0; start < plaintext.length; start += this.#blockLength) {
      const block = plaintext.subarray(start, Math.min(plaintext.length, start + this.#blockLength));
      const header = out.subarray(offset, offset + 2);
      header[0] = block.length & 0xff;
      header[1] = block.length >>> 8;
      out.set(
        chacha20Poly1305Seal(this.#writeKey, counterNonce(this.#writeCounter), block, header),
        offset + 2,
      );
      this.#writeCounter++;
      offset += 2 + block.length + CHACHA_TAG_BYTES;
    }
    return out;
  }

  /**
   * Consumes received bytes and returns the plaintext of all blocks completed by them (possibly
   * empty). A tampered block throws `AuthenticationError`; an oversized length prefix throws
   * `ProtocolError`. After either, the cipher refuses further input.
   */
  decrypt(chunk: Uint8Array): Uint8Array {
    this.#assertUsable();
    assertBytes(chunk, "chunk");
    const blocks: Uint8Array[] = [];
    let total = 0;
    let offset = 0;
    try {
      while (offset < chunk.length) {
        // Fill the 2-byte header first, then exactly the rest of this one frame.
        if (this.#pendingLength < 2) {
          const take = Math.min(2 - this.#pendingLength, chunk.length - offset);
          this.#pending.set(chunk.subarray(offset, offset + take), this.#pendingLength);
          this.#pendingLength += take;
          offset += take;
          if (this.#pendingLength < 2) break;
          const length = this.#blockLengthOfPending();
          if (length > this.#maxBlockLength) {
            throw new ProtocolError(
              `HAP block of ${length} bytes exceeds the limit of ${this.#maxBlockLength}`,
            );
          }
        }
        const frameLength = 2 + this.#blockLengthOfPending() + CHACHA_TAG_BYTES;
        const take = Math.min(frameLength - this.#pendingLength, chunk.length - offset);
        this.#pending.set(chunk.subarray(offset, offset + take), this.#pendingLength);
        this.#pendingLength += take;
        offset += take;
        if (this.#pendingLength < frameLength) break;
        const block = chacha20Poly1305Open(
          this.#readKey,
          counterNonce(this.#readCounter),
          this.#pending.subarray(2, frameLength),
          this.#pending.subarray(0, 2),
        );
        this.#readCounter++;
        this.#pendingLength = 0;
        blocks.push(block);
        total += block.length;
      }
    } catch (error) {
      this.#failed = true;
      this.#pending.fill(0);
      this.#pendingLength = 0;
      throw error;
    }
    if (blocks.length === 1) return blocks[0] as Uint8Array;
    const out = new Uint8Array(total);
    let at = 0;
    for (const b of blocks) {
      out.set(b, at);
      at += b.length;
    }
    return out;
  }

  /** Call at end of stream: throws `ProtocolError` if an incomplete frame is buffered (truncation). */
  end(): void {
    if (this.#pendingLength > 0) {
      const buffered = this.#pendingLength;
      this.#pending.fill(0);
      this.#pendingLength = 0;
      throw new ProtocolError(`stream ended inside a HAP block (${buffered} bytes buffered)`);
    }
  }

  /** Zeroes keys and buffered bytes; further use throws. */
  dispose(): void {
    zeroize(this.#writeKey, this.#readKey, this.#pending);
    this.#pendingLength = 0;
    this.#disposed = true;
  }

  #blockLengthOfPending(): number {
    return (this.#pending[0] as number) | ((this.#pending[1] as number) << 8);
  }

  #assertUsable(): void {
    if (this.#disposed) throw new Error("HapBlockCipher was disposed");
    if (this.#failed) throw new ProtocolError("HapBlockCipher failed earlier; the stream cannot be resumed");
  }
}
