/**
 * The bridge's HTTP layer on hono: security headers, the `/api/*` token/Origin/Host guard, the
 * 64 KiB body limit, JSON and text bodies, and the 404 and error answers. server.ts binds it to
 * node:http with @hono/node-server; the same server carries the `ws` upgrade and the SSE stream.
 */
import type { HttpBindings } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { describeError, HttpFailure } from "./errors.js";
import { checkRequest, type SecurityOptions } from "./security.js";

export type BridgeEnv = { Bindings: HttpBindings };
export type BridgeApp = Hono<BridgeEnv>;
export type BridgeContext = Context<BridgeEnv>;

/** Largest request body read (413 and a closed connection above it). */
export const BODY_LIMIT = 64 * 1024;

function errorJson(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Response {
  return Response.json({ error: { code, message } }, { status, ...(headers ? { headers } : {}) });
}

function notFound(c: BridgeContext): Response {
  return errorJson(404, "NOT_FOUND", `no route ${c.req.method} ${c.env.incoming.url ?? "/"}`);
}

export function createApp(security: SecurityOptions): BridgeApp {
  const app = new Hono<BridgeEnv>();
  app.use(
    secureHeaders({
      // Plain HTTP on a LAN; other allowed origins (dashboards) may show artwork.
      strictTransportSecurity: false,
      crossOriginResourcePolicy: false,
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
      },
    }),
  );
  app.use(async (c, next) => {
    // Only the path as sent is routed: `/x/../api/…`, `/%2e%2e/api/…` or `http://host/api/…`
    // (which URL parsing turns into `/api/…`) are not, so nothing reaches /api/ around its guard.
    const target = c.env.incoming.url ?? "/";
    const q = target.indexOf("?");
    const path = q < 0 ? target : target.slice(0, q);
    if (path !== new URL(c.req.url).pathname) return notFound(c);
    try {
      decodeURIComponent(path);
    } catch {
      throw new HttpFailure(400, "BAD_REQUEST", `malformed escape in ${path}`);
    }
    await next();
  });
  app.use("/api/*", async (c, next) => {
    const verdict = checkRequest(c.env.incoming, security);
    if (!verdict.ok) return errorJson(verdict.status, verdict.code, verdict.message);
    await next();
  });
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: BODY_LIMIT,
      // The rest of the body is not worth reading: close the connection after the answer.
      onError: () => errorJson(413, "BAD_REQUEST", "Request body is too large", { connection: "close" }),
    }),
  );
  app.notFound(notFound);
  app.onError((error, c) => {
    const { status, body } = describeError(error);
    return c.json(body, status as ContentfulStatusCode);
  });
  return app;
}

/** The request body: JSON for application/json, a string for text/plain, undefined when empty. */
export async function readBody(c: BridgeContext): Promise<unknown> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const text = await c.req.text();
  if (text === "") {
    if (type === "application/json")
      throw new HttpFailure(
        400,
        "BAD_REQUEST",
        "Body cannot be empty when content-type is set to 'application/json'",
      );
    return undefined;
  }
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

/** `METHOD /path` of every GET and POST route, `:param` written as OpenAPI's `{param}`. */
export function routeList(app: BridgeApp): string[] {
  const routes = app.routes
    .filter((r) => r.method === "GET" || r.method === "POST")
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
  return [...new Set(routes)];
}
