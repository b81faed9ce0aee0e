/**
 * GET /api/events: the bridge's device events as a WebSocket (one JSON text message per event)
 * or as Server-Sent Events (`event: <kind>` + `data: <json>`). A new client first gets the latest
 * event of each kind; `?device=<id>` keeps one device. Slow clients are dropped, never buffered
 * without bound.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Bridge } from "./bridge.js";
import type { DeviceEvent } from "./event-json.js";
import { checkRequest, type SecurityOptions } from "./security.js";

export const EVENTS_PATH = "/api/events";
/** A client with more than this queued is too slow and is disconnected. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
const KEEPALIVE_MS = 15_000;

export interface EventStreams {
  /** Serves an SSE request (the route handler hands over the raw response). */
  serveSse(req: IncomingMessage, res: ServerResponse): void;
  readonly clientCount: number;
  close(): Promise<void>;
}

function deviceFilter(url: string | undefined): string | undefined {
  return new URL(url ?? "/", "http://bridge.invalid").searchParams.get("device") ?? undefined;
}

function subscribe(bridge: Bridge, device: string | undefined, send: (e: DeviceEvent) => void): () => void {
  for (const event of bridge.snapshot(device)) send(event);
  return bridge.on("event", (event) => {
    if (device === undefined || event.device === device) send(event);
  });
}

export function attachEventStreams(server: Server, bridge: Bridge, security: SecurityOptions): EventStreams {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const sse = new Set<ServerResponse>();
  const alive = new WeakMap<WebSocket, boolean>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = new URL(req.url ?? "/", "http://bridge.invalid").pathname;
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (path !== EVENTS_PATH) return reject(404, "Not Found");
    const verdict = checkRequest(req, security);
    if (!verdict.ok) return reject(verdict.status, verdict.status === 401 ? "Unauthorized" : "Forbidden");
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true);
      ws.on("pong", () => alive.set(ws, true));
      ws.on("error", () => ws.terminate());
      const unsubscribe = subscribe(bridge, deviceFilter(req.url), (event) => {
        if (ws.bufferedAmount > MAX_QUEUED_BYTES) ws.terminate();
        else ws.send(event.line);
      });
      ws.on("close", unsubscribe);
    });
  };
  server.on("upgrade", onUpgrade);

  const keepalive = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
    for (const res of sse) res.write(": keepalive\n\n");
  }, KEEPALIVE_MS);
  keepalive.unref();

  return {
    serveSse(req, res) {
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      res.write(": atv events\n\n");
      sse.add(res);
      const unsubscribe = subscribe(bridge, deviceFilter(req.url), (event) => {
        if (res.writableLength > MAX_QUEUED_BYTES) res.destroy();
        else res.write(`event: ${event.kind}\ndata: ${event.line}\n\n`);
      });
      res.on("close", () => {
        sse.delete(res);
        unsubscribe();
      });
    },
    get clientCount() {
      return wss.clients.size + sse.size;
    },
    async close() {
      clearInterval(keepalive);
      server.off("upgrade", onUpgrade);
      for (const ws of wss.clients) ws.close(1001, "bridge shutting down");
      for (const res of sse) res.end();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const ws of wss.clients) ws.terminate();
    },
  };
}
