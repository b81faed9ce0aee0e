import type { Interface } from "node:readline";
import type { Readable } from "node:stream";

/** Where the CLI writes: process.stdout/stderr, or a test's collector. */
export type OutputStream = NodeJS.WritableStream & { readonly isTTY?: boolean | undefined };

/** The CLI's streams, its cancellation signal (SIGINT/SIGTERM) and its version. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: Readable;
  readonly signal?: AbortSignal;
  readonly version: string;
}

/**
 * Reads stdin line by line on demand. Nothing is read until the first
 * `readLine()`, so commands that never prompt do not touch stdin (nor load node:readline).
 */
export class LineReader {
  readonly #input: Readable;
  #rl: Interface | undefined;
  #opening: Promise<void> | undefined;
  readonly #queue: string[] = [];
  readonly #waiters: ((line: string | undefined) => void)[] = [];
  #ended = false;

  constructor(input: Readable) {
    this.#input = input;
  }

  /** The next line without its newline, or undefined once stdin is closed or `signal` aborts. */
  async readLine(signal?: AbortSignal): Promise<string | undefined> {
    await this.#open();
    const queued = this.#queue.shift();
    if (queued !== undefined) return queued;
    if (this.#ended || signal?.aborted) return undefined;
    return new Promise((resolve) => {
      const onAbort = (): void => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        resolve(undefined);
      };
      const waiter = (line: string | undefined): void => {
        signal?.removeEventListener("abort", onAbort);
        resolve(line);
      };
      this.#waiters.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  close(): void {
    this.#rl?.close();
    this.#end();
  }

  #open(): Promise<void> {
    this.#opening ??= import("node:readline").then(({ createInterface }) => {
      if (this.#ended) return;
      this.#listen(createInterface({ input: this.#input, terminal: false, crlfDelay: Infinity }));
    });
    return this.#opening;
  }

  #listen(rl: Interface): void {
    this.#rl = rl;
    rl.on("line", (line) => {
      const waiter = this.#waiters.shift();
      if (waiter) waiter(line);
      else this.#queue.push(line);
    });
    rl.on("close", () => this.#end());
  }

  #end(): void {
    this.#ended = true;
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
  }
}

/** Writes `text` and a newline. */
export function writeLine(out: OutputStream, text = ""): void {
  out.write(`${text}\n`);
}
