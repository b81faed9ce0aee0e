/**
 * `atv serve`'s server: fastify for the JSON API and the web remote, `ws` for the event stream,
 * the Bridge for devices and their managed connections.
 */
import Fastify, { type FastifyError } from "fastify";
import type { AddressInfo } from "node:net";
import type { Logger, Storage } from "@atv/core";
import type { ReconnectOptions } from "../managed/index.js";
import { Bridge } from "./bridge.js";
import { describeError } from "./errors.js";
import { attachEventStreams } from "./events.js";
import { registerRoutes } from "./routes.js";
import { checkRequest, isLoopbackHost, type SecurityOptions } from "./security.js";
import { webAssets } from "./web/assets.js";

export interface ServeOptions {
  /** Address to bind (default 127.0.0.1). Anything but loopback requires `token`. */
  host?: string;
  /** Port (default 0: any free port). */
  port?: number;
  token?: string;
  allowedOrigins?: readonly string[];
  scanHosts?: readonly string[];
  scanPort?: number;
  scanTimeout?: number;
  storage?: Storage;
  reconnect?: ReconnectOptions;
  /** Scan this often while a device is not connected (default 60 000 ms; 0 disables). */
  rescanIntervalMs?: number;
  callWaitMs?: number;
  /** Scan once at start-up (default true). */
  initialScan?: boolean;
  version?: string;
  logger?: Logger;
}

export interface RunningServer extends AsyncDisposable {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly bridge: Bridge;
  /** Connected WebSocket + SSE clients. */
  readonly eventClients: number;
  /** `METHOD /path` of every route (fastify's `:param` written as OpenAPI's `{param}`). */
  readonly routes: readonly string[];
  /** Resolves when the start-up scan finished (or failed). */
  readonly initialScan: Promise<void>;
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  if (options.token !== undefined && options.token.length < 8)
    throw new RangeError("the token must be at least 8 characters");
  if (!isLoopbackHost(host) && options.token === undefined)
    throw new RangeError(`binding ${host} (not loopback) needs a token (--token or ATV_SERVE_TOKEN)`);
  const security: SecurityOptions = {
    ...(options.token !== undefined ? { token: options.token } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
  };
  const bridge = new Bridge({
    ...(options.scanHosts ? { scanHosts: options.scanHosts } : {}),
    ...(options.scanPort !== undefined ? { scanPort: options.scanPort } : {}),
    ...(options.scanTimeout !== undefined ? { scanTimeout: options.scanTimeout } : {}),
    ...(options.storage ? { storage: options.storage } : {}),
    reconnect: { callWaitMs: options.callWaitMs ?? 5_000, ...options.reconnect },
    ...(options.rescanIntervalMs !== undefined ? { rescanIntervalMs: options.rescanIntervalMs } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, forceCloseConnections: true });
  const events = attachEventStreams(app.server, bridge, security);
  const routes: string[] = [];
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) if (m !== "HEAD") routes.push(`${m} ${route.url.replace(/:(\w+)/g, "{$1}")}`);
  });

  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith("/api/")) return;
    const verdict = checkRequest(request.raw, security);
    if (!verdict.ok)
      return reply.code(verdict.status).send({ error: { code: verdict.code, message: verdict.message } });
    return undefined;
  });
  app.addHook("onSend", async (_request, reply) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (typeof error.statusCode === "number" && error.statusCode < 500 && error.code?.startsWith("FST_")) {
      return reply.code(error.statusCode).send({ error: { code: "BAD_REQUEST", message: error.message } });
    }
    const { status, body } = describeError(error);
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: { code: "NOT_FOUND", message: `no route ${request.method} ${request.url}` } }),
  );
  for (const [path, asset] of Object.entries(webAssets)) {
    app.get(path, async (_request, reply) =>
      reply
        .type(asset.type)
        .header(
          "content-security-policy",
          "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'",
        )
        .send(asset.body),
    );
  }
  registerRoutes(app, {
    bridge,
    events,
    version: options.version ?? "0.0.0",
    ...(options.callWaitMs !== undefined ? { callWaitMs: options.callWaitMs } : {}),
  });

  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const initialScan =
    options.initialScan === false
      ? Promise.resolve()
      : bridge.scan().then(
          () => undefined,
          () => undefined,
        );
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await events.close();
      await bridge.close();
      await app.close();
    })());
  return {
    url: `http://${urlHost}:${address.port}/`,
    host: address.address,
    port: address.port,
    bridge,
    routes,
    get eventClients() {
      return events.clientCount;
    },
    initialScan,
    close,
    [Symbol.asyncDispose]: close,
  };
}
