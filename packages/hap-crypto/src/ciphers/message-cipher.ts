/**
 * Per-message ChaCha20-Poly1305 with separate write/read keys and a 64-bit counter per direction,
 * starting at 0 and advanced once per message. Used by MRP (nonce = 4 zero bytes ‖ LE64 counter,
 * no AAD) and Companion (nonce = counter as 96-bit little-endian, AAD = the frame header).
 * Framing (varint length, Companion header) belongs to the protocol package.
 */
import { assertBytes, zeroize } from "../bytes.js";
import {
  CHACHA_KEY_BYTES,
  CHACHA_TAG_BYTES,
  chacha20Poly1305Open,
  chacha20Poly1305Seal,
  companionNonce,
  counterNonce,
} from "../primitives/chacha20-poly1305.js";
import type { SessionKeys } from "../session-keys.js";

/** `hap`: 4 zero bytes ‖ LE64 counter (MRP, HAP, AirPlay). `companion`: LE64 counter ‖ 4 zero bytes. */
export type NonceLayout = "hap" | "companion";

export interface MessageCipherOptions {
  /** Default `hap`. */
  nonce?: NonceLayout;
}

export class MessageCipher {
  /** Bytes a sealed message is longer than its plaintext. */
  static readonly TAG_BYTES = CHACHA_TAG_BYTES;

  readonly #writeKey: Uint8Array;
  readonly #readKey: Uint8Array;
  readonly #nonce: (counter: number) => Uint8Array;
  #writeCounter = 0;
  #readCounter = 0;
  #disposed = false;

  /** Copies both keys; `dispose()` zeroes the copies. */
  constructor(keys: SessionKeys, options: MessageCipherOptions = {}) {
    assertBytes(keys?.writeKey, "writeKey", CHACHA_KEY_BYTES);
    assertBytes(keys.readKey, "readKey", CHACHA_KEY_BYTES);
    const layout = options.nonce ?? "hap";
    if (layout !== "hap" && layout !== "companion")
      throw new TypeError(`unknown nonce layout: ${String(layout)}`);
    this.#writeKey = new Uint8Array(keys.writeKey);
    this.#readKey = new Uint8Array(keys.readKey);
    this.#nonce = layout === "hap" ? counterNonce : companionNonce;
  }

  /** Messages encrypted so far (the next write counter). */
  get writeCounter(): number {
    return this.#writeCounter;
  }

  /** Messages decrypted so far (the next read counter). */
  get readCounter(): number {
    return this.#readCounter;
  }

  /** Encrypts one message: ciphertext ‖ 16-byte tag. */
  encrypt(plaintext: Uint8Array, aad?: Uint8Array): Uint8Array {
    this.#assertUsable();
    const sealed = chacha20Poly1305Seal(this.#writeKey, this.#nonce(this.#writeCounter), plaintext, aad);
    this.#writeCounter++;
    return sealed;
  }

  /**
   * Decrypts one message. A failed tag throws `AuthenticationError` and does not advance the
   * counter (the connection should be dropped: the peer's stream can no longer be trusted).
   */
  decrypt(sealed: Uint8Array, aad?: Uint8Array): Uint8Array {
    this.#assertUsable();
    const plaintext = chacha20Poly1305Open(this.#readKey, this.#nonce(this.#readCounter), sealed, aad);
    this.#readCounter++;
    return plaintext;
  }

  /** Zeroes the keys; further use throws. */
  dispose(): void {
    zeroize(this.#writeKey, this.#readKey);
    this.#disposed = true;
  }

  #assertUsable(): void {
    if (this.#disposed) throw new Error("MessageCipher was disposed");
  }
}
