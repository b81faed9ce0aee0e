/**
 * A minimal HTTP/1.1 client over one TCP connection, with optional HAP block encryption after
 * pair-verify (everything in both directions is then HapBlockCipher frames). Test-only.
 */
import { connect, type Socket } from "node:net";
import type { HapBlockCipher } from "../../src/index.js";

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export class HttpConnection {
  #buffer = Buffer.alloc(0);
  #cipher: HapBlockCipher | undefined;
  #waiters: Array<() => void> = [];
  #closed = false;
  #error: Error | undefined;

  private constructor(
    readonly socket: Socket,
    readonly host: string,
  ) {
    socket.on("data", (chunk: Buffer) => {
      try {
        const plain = this.#cipher ? this.#cipher.decrypt(chunk) : chunk;
        this.#buffer = Buffer.concat([this.#buffer, plain]);
      } catch (error) {
        this.#error = error as Error;
        socket.destroy();
      }
      this.#wake();
    });
    socket.on("close", () => {
      this.#closed = true;
      this.#wake();
    });
    socket.on("error", (error) => {
      this.#error = error;
      this.#wake();
    });
  }

  static connect(host: string, port: number): Promise<HttpConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port }, () => resolve(new HttpConnection(socket, `${host}:${port}`)));
      socket.once("error", reject);
    });
  }

  /** From now on, encrypt what we send and decrypt what we receive. */
  encrypt(cipher: HapBlockCipher): void {
    this.#cipher = cipher;
  }

  async request(
    method: string,
    path: string,
    body?: Uint8Array,
    contentType?: string,
  ): Promise<HttpResponse> {
    const head =
      `${method} ${path} HTTP/1.1\r\nHost: ${this.host}\r\n` +
      (contentType ? `Content-Type: ${contentType}\r\n` : "") +
      `Content-Length: ${body?.length ?? 0}\r\n\r\n`;
    const raw = Buffer.concat([Buffer.from(head, "latin1"), body ?? new Uint8Array()]);
    this.socket.write(this.#cipher ? this.#cipher.encrypt(raw) : raw);
    return this.#readResponse();
  }

  close(): void {
    this.socket.destroy();
  }

  async #readResponse(): Promise<HttpResponse> {
    const headEnd = await this.#until(() => {
      const i = this.#buffer.indexOf("\r\n\r\n");
      return i >= 0 ? i : undefined;
    });
    const lines = this.#buffer.subarray(0, headEnd).toString("latin1").split("\r\n");
    this.#buffer = this.#buffer.subarray(headEnd + 4);
    const status = Number((lines[0] ?? "").split(" ")[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    if (headers["transfer-encoding"]?.toLowerCase() === "chunked") {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = await this.#until(() => {
          const i = this.#buffer.indexOf("\r\n");
          return i >= 0 ? i : undefined;
        });
        const size = parseInt(this.#buffer.subarray(0, lineEnd).toString("latin1"), 16);
        await this.#until(() => (this.#buffer.length >= lineEnd + 2 + size + 2 ? true : undefined));
        parts.push(this.#buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        this.#buffer = this.#buffer.subarray(lineEnd + 2 + size + 2);
        if (size === 0) break;
      }
      return { status, headers, body: new Uint8Array(Buffer.concat(parts)) };
    }
    const length = Number(headers["content-length"] ?? 0);
    await this.#until(() => (this.#buffer.length >= length ? true : undefined));
    const body = new Uint8Array(this.#buffer.subarray(0, length));
    this.#buffer = this.#buffer.subarray(length);
    return { status, headers, body };
  }

  async #until<T>(check: () => T | undefined): Promise<T> {
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (this.#error) throw this.#error;
      if (this.#closed) throw new Error("connection closed before the response was complete");
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}
