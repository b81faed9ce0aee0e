/**
 * Who may talk to the bridge: a bearer token (required unless bound to loopback), no
 * cross-origin browser requests (CSRF, WebSocket hijacking), and, without a token, only loopback
 * Host headers (DNS rebinding).
 */
import { timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

export interface SecurityOptions {
  /** The bearer token; undefined only when bound to loopback. */
  token?: string;
  /** Extra origins allowed to call the API and open the event stream (e.g. a dashboard). */
  allowedOrigins?: readonly string[];
}

export interface RequestLike {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  url?: string | undefined;
}

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; code: string; message: string };

/** True for 127.0.0.0/8, ::1, ::ffff:127.x and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h === "::1") return true;
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith("127.");
}

function header(req: RequestLike, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The Host header's host name without the port. */
function hostName(hostHeader: string): string {
  if (hostHeader.startsWith("[")) return hostHeader.slice(0, hostHeader.indexOf("]") + 1);
  const colon = hostHeader.lastIndexOf(":");
  return colon < 0 ? hostHeader : hostHeader.slice(0, colon);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from `Authorization: Bearer …`, or `?token=` (browsers cannot set headers on WebSocket, EventSource or img). */
export function presentedToken(req: RequestLike): string | undefined {
  const auth = header(req, "authorization");
  const match = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  if (match?.[1]) return match[1];
  const url = new URL(req.url ?? "/", "http://bridge.invalid");
  return url.searchParams.get("token") ?? undefined;
}

export function checkRequest(req: RequestLike, options: SecurityOptions): Verdict {
  const host = header(req, "host") ?? "";
  const origin = header(req, "origin");
  if (
    origin !== undefined &&
    origin !== `http://${host}` &&
    !(options.allowedOrigins ?? []).includes(origin)
  ) {
    return { ok: false, status: 403, code: "ORIGIN_NOT_ALLOWED", message: `origin ${origin} is not allowed` };
  }
  if (options.token === undefined) {
    if (!isLoopbackHost(hostName(host)))
      return {
        ok: false,
        status: 403,
        code: "HOST_NOT_ALLOWED",
        message: "only loopback host names without a token",
      };
    return { ok: true };
  }
  const token = presentedToken(req);
  if (token === undefined || !sameToken(token, options.token))
    return { ok: false, status: 401, code: "UNAUTHORIZED", message: "missing or wrong bearer token" };
  return { ok: true };
}
