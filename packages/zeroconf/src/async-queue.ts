/** A single-consumer push queue exposed as async iteration steps. */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private waiter:
    { resolve: (r: IteratorResult<T, undefined>) => void; reject: (e: unknown) => void } | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;

  push(item: T): void {
    if (this.ended) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  /** No more items; queued ones are still delivered. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.waiter && this.items.length === 0) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: undefined, done: true });
    }
  }

  /** Fails the consumer now (queued items are dropped). */
  fail(error: unknown): void {
    if (this.failure) return;
    this.failure = { error };
    this.ended = true;
    this.items.length = 0;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.reject(error);
    }
  }

  next(): Promise<IteratorResult<T, undefined>> {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- an abort reason is passed through unchanged, as fetch() does
    if (this.failure) return Promise.reject(this.failure.error);
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }
}
