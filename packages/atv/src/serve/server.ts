/**
 * `atv serve`'s server: node:http with a small router (http-router.ts) for the JSON API and the
 * web remote, `ws` for the event stream, the Bridge for devices and their managed connections.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger, Storage } from "@atv/core";
import type { ReconnectOptions } from "../managed/index.js";
import { Bridge } from "./bridge.js";
import { describeError } from "./errors.js";
import { attachEventStreams } from "./events.js";
import { Router, sendReply } from "./http-router.js";
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
  const router = new Router(64 * 1024);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("referrer-policy", "no-referrer");
    const url = req.url ?? "/";
    try {
      if (url.startsWith("/api/")) {
        const verdict = checkRequest(req, security);
        if (!verdict.ok) {
          sendReply(res, {
            status: verdict.status,
            json: { error: { code: verdict.code, message: verdict.message } },
          });
          return;
        }
      }
      const reply = await router.dispatch(req, res);
      sendReply(
        res,
        reply ?? {
          status: 404,
          json: { error: { code: "NOT_FOUND", message: `no route ${req.method ?? "GET"} ${url}` } },
        },
      );
    } catch (error) {
      const { status, body } = describeError(error);
      sendReply(res, { status, json: body });
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  const events = attachEventStreams(server, bridge, security);
  for (const [path, asset] of Object.entries(webAssets)) {
    router.get(path, () => ({
      body: asset.body,
      type: asset.type,
      headers: {
        "content-security-policy": "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'",
      },
    }));
  }
  registerRoutes(router, {
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
    routes: router.routes,
    get eventClients() {
      return events.clientCount;
    },
    initialScan,
    close,
    [Symbol.asyncDispose]: close,
  };
}
