/**
 * `atv serve`'s server: a node:http server running the hono app (http-app.ts, routes.ts) for the
 * JSON API and the web remote through @hono/node-server, `ws` on the same server for the event
 * stream, the Bridge for devices and their managed connections.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener, RequestError } from "@hono/node-server";
import { Bridge, type BridgeOptions } from "./bridge.js";
import { describeError } from "./errors.js";
import { attachEventStreams } from "./events.js";
import { createApp, routeList } from "./http-app.js";
import { registerRoutes } from "./routes.js";
import { isLoopbackHost, type SecurityOptions } from "./security.js";
import { webAssets } from "./web/assets.js";

/** The bridge's options (scan, storage, reconnect, rescan, logger) plus the HTTP side's. */
export interface ServeOptions extends BridgeOptions {
  /** Address to bind (default 127.0.0.1). Anything but loopback requires `token`. */
  host?: string;
  /** Port (default 0: any free port). */
  port?: number;
  token?: string;
  allowedOrigins?: readonly string[];
  callWaitMs?: number;
  /** Scan once at start-up (default true). */
  initialScan?: boolean;
  version?: string;
}

export interface RunningServer extends AsyncDisposable {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly bridge: Bridge;
  /** Connected WebSocket + SSE clients. */
  readonly eventClients: number;
  /** `METHOD /path` of every route (`:param` written as OpenAPI's `{param}`). */
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
  const app = createApp(security);
  for (const [path, asset] of Object.entries(webAssets))
    app.get(path, (c) => c.body(asset.body, 200, { "content-type": asset.type }));
  const listener = getRequestListener(app.fetch, {
    // Request/Response stay Node's own (no global replaced by the adapter's).
    overrideGlobalObjects: false,
    // Failures outside the app, such as a request the adapter cannot turn into a Request
    // (bad Host header, backslash in the path): 400.
    errorHandler: (error) => {
      const { status, body } =
        error instanceof RequestError
          ? { status: 400, body: { error: { code: "BAD_REQUEST", message: error.message } } }
          : describeError(error);
      return Response.json(body, { status, headers: { "x-content-type-options": "nosniff" } });
    },
  });
  const server = createServer((req, res) => void listener(req, res));
  const events = attachEventStreams(server, bridge, security);
  registerRoutes(app, {
    bridge,
    events,
    version: options.version ?? "0.0.0",
    ...(options.callWaitMs !== undefined ? { callWaitMs: options.callWaitMs } : {}),
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port: options.port ?? 0 }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
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
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    })());
  return {
    url: `http://${urlHost}:${address.port}/`,
    host: address.address,
    port: address.port,
    bridge,
    routes: routeList(app),
    get eventClients() {
      return events.clientCount;
    },
    initialScan,
    close,
    [Symbol.asyncDispose]: close,
  };
}
