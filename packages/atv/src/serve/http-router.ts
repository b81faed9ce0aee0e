/**
 * The bridge's HTTP layer on node:http: a route table with `:param` segments, HEAD for every
 * GET, a size-capped JSON/text body reader, JSON replies, and one error handler. Small on
 * purpose: the bridge has a dozen routes, and a framework was most of the CLI's install size.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpFailure } from "./errors.js";

export interface RouteRequest {
  readonly raw: IncomingMessage;
  readonly method: string;
  /** The request target as sent (path and query). */
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The parsed body: JSON for application/json, a string for text/plain, undefined when empty. */
  readonly body: unknown;
}

/** What a handler answers: a JSON value, or bytes/text with their content type. */
export type RouteReply =
  | { json: unknown; status?: number }
  | { body: string | Uint8Array; type: string; status?: number; headers?: Record<string, string> }
  /** The handler answered on `raw` itself (event streams). */
  | { hijacked: true };

export type RouteHandler = (request: RouteRequest, res: ServerResponse) => RouteReply | Promise<RouteReply>;

interface Route {
  method: string;
  path: string;
  segments: readonly string[];
  handler: RouteHandler;
}

const JSON_TYPE = "application/json; charset=utf-8";

/** Writes a reply unless the response is already gone. */
export function sendReply(res: ServerResponse, reply: RouteReply): void {
  if ("hijacked" in reply || res.headersSent || res.destroyed) return;
  const status = reply.status ?? 200;
  // An unread oversized body is not worth draining: close the connection after the answer.
  if (status === 413) res.shouldKeepAlive = false;
  if ("json" in reply) {
    const body = JSON.stringify(reply.json);
    res.writeHead(status, { "content-type": JSON_TYPE, "content-length": Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  const body = typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body;
  res.writeHead(status, { ...reply.headers, "content-type": reply.type, "content-length": body.byteLength });
  res.end(body);
}

async function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) throw new HttpFailure(413, "BAD_REQUEST", "Request body is too large");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limit) throw new HttpFailure(413, "BAD_REQUEST", "Request body is too large");
    chunks.push(chunk);
  }
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (size === 0) {
    if (type === "application/json")
      throw new HttpFailure(
        400,
        "BAD_REQUEST",
        "Body cannot be empty when content-type is set to 'application/json'",
      );
    return undefined;
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (type === "application/json") {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new HttpFailure(400, "BAD_REQUEST", `invalid JSON body: ${(error as Error).message}`);
    }
  }
  if (type === "text/plain") return text;
  throw new HttpFailure(415, "BAD_REQUEST", `Unsupported Media Type: ${type || "(none)"}`);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpFailure(400, "BAD_REQUEST", `malformed path segment ${segment}`);
  }
}

export class Router {
  readonly #routes: Route[] = [];

  constructor(private readonly bodyLimit: number) {}

  /** `METHOD /path` of every route, `:param` written as OpenAPI's `{param}` (HEAD left out). */
  get routes(): string[] {
    return this.#routes.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
  }

  get(path: string, handler: RouteHandler): void {
    this.#add("GET", path, handler);
  }

  post(path: string, handler: RouteHandler): void {
    this.#add("POST", path, handler);
  }

  #add(method: string, path: string, handler: RouteHandler): void {
    this.#routes.push({ method, path, segments: path.split("/"), handler });
  }

  /** The matching route and its decoded parameters, or undefined. */
  match(method: string, pathname: string): { route: Route; params: Record<string, string> } | undefined {
    const want = method === "HEAD" ? "GET" : method;
    const parts = pathname.split("/");
    for (const route of this.#routes) {
      if (route.method !== want || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const pattern = route.segments[i]!;
        const part = parts[i]!;
        if (pattern.startsWith(":")) {
          if (part === "") ok = false;
          else params[pattern.slice(1)] = decode(part);
        } else ok = pattern === part;
      }
      if (ok) return { route, params };
    }
    return undefined;
  }

  /** Runs the route for `req` (undefined when none matches); the body is read only for a match. */
  async dispatch(req: IncomingMessage, res: ServerResponse): Promise<RouteReply | undefined> {
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    // Split by hand: `new URL` would read `//host/…` as an authority and route its path.
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : url.slice(q + 1));
    const found = this.match(method, pathname);
    if (!found) return undefined;
    const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req, this.bodyLimit);
    return await found.route.handler({ raw: req, method, url, params: found.params, query, body }, res);
  }
}
