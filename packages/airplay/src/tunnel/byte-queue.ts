/**
 * A FIFO of received chunks: O(total) for any chunking (1-byte chunks included), copying only
 * what is taken. Internal to the decoders.
 */
export class ByteQueue {
  #chunks: Uint8Array[] = [];
  /** Offset into the first chunk. */
  #offset = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** Copies the first `n` bytes without consuming them (n ≤ length). */
  peek(n: number): Uint8Array {
    return this.#read(n, false);
  }

  /** Removes and returns the first `n` bytes (n ≤ length). */
  take(n: number): Uint8Array {
    return this.#read(n, true);
  }

  clear(): void {
    this.#chunks = [];
    this.#offset = 0;
    this.#length = 0;
  }

  #read(n: number, consume: boolean): Uint8Array {
    if (n > this.#length) throw new RangeError(`cannot read ${n} of ${this.#length} bytes`);
    const out = new Uint8Array(n);
    let filled = 0;
    let index = 0;
    let offset = this.#offset;
    while (filled < n) {
      const chunk = this.#chunks[index] as Uint8Array;
      const count = Math.min(n - filled, chunk.length - offset);
      out.set(chunk.subarray(offset, offset + count), filled);
      filled += count;
      offset += count;
      if (offset === chunk.length) {
        index++;
        offset = 0;
      }
    }
    if (consume) {
      this.#chunks.splice(0, index);
      this.#offset = offset;
      this.#length -= n;
    }
    return out;
  }
}
