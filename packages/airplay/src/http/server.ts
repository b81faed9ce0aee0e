/**
 * A small HTTP/RTSP server: one port, each accepted socket an `HttpConnection` whose requests go to
 * the handler. The device side of AirPlay (and of RAOP later) is built on it.
 */
import { createServer, type Server, type Socket } from "node:net";
import { createLogger, type Logger } from "@atv/core";
import type { DecoderLimits } from "./decoder.js";
import { HttpConnection, type RequestHandler } from "./connection.js";

export interface HttpServerOptions {
  host?: string;
  /** 0 (default) = any free port. */
  port?: number;
  handler: RequestHandler;
  /** Called for each new connection (per-connection state can be attached here). */
  onConnection?: (connection: HttpConnection) => void;
  logger?: Logger;
  limits?: DecoderLimits;
  responseHeaders?: Readonly<Record<string, string>>;
  label?: string;
}

export class HttpServer {
  readonly #server: Server;
  readonly #connections = new Set<HttpConnection>();
  readonly #options: HttpServerOptions;
  readonly #log: Logger;
  #closing: Promise<void> | undefined;

  private constructor(server: Server, options: HttpServerOptions) {
    this.#server = server;
    this.#options = options;
    this.#log = options.logger ?? createLogger("atv:airplay:server");
    server.on("connection", (socket: Socket) => this.#accept(socket));
  }

  static async listen(options: HttpServerOptions): Promise<HttpServer> {
    const server = createServer();
    const instance = new HttpServer(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    return instance;
  }

  get port(): number {
    const address = this.#server.address();
    return typeof address === "object" && address ? address.port : 0;
  }

  get host(): string {
    const address = this.#server.address();
    return typeof address === "object" && address ? address.address : (this.#options.host ?? "127.0.0.1");
  }

  get connections(): ReadonlySet<HttpConnection> {
    return this.#connections;
  }

  #accept(socket: Socket): void {
    if (this.#closing) {
      socket.destroy();
      return;
    }
    const connection = new HttpConnection(socket, {
      label: this.#options.label ?? "device",
      logger: this.#log,
      requestHandler: this.#options.handler,
      ...(this.#options.limits ? { limits: this.#options.limits } : {}),
      ...(this.#options.responseHeaders ? { responseHeaders: this.#options.responseHeaders } : {}),
    });
    this.#connections.add(connection);
    connection.on("closed", () => this.#connections.delete(connection));
    this.#options.onConnection?.(connection);
  }

  /** Stops listening and closes every connection; idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
      await Promise.allSettled([...this.#connections].map((c) => c.close()));
      await closed;
    })();
    return this.#closing;
  }
}
