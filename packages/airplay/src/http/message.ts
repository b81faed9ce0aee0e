/** HTTP/1.1 and RTSP/1.0 messages as plain data (the codec's in- and output). */
import { Headers, type HeaderInit } from "./headers.js";

/** The two protocols that share an AirPlay connection (airplay.md §2). */
export const HttpProtocol = {
  Http: "HTTP/1.1",
  Rtsp: "RTSP/1.0",
} as const;
export type HttpProtocol = (typeof HttpProtocol)[keyof typeof HttpProtocol];

export function isHttpProtocol(value: string): value is HttpProtocol {
  return value === HttpProtocol.Http || value === HttpProtocol.Rtsp;
}

export interface HttpRequest {
  readonly kind: "request";
  readonly method: string;
  readonly uri: string;
  readonly protocol: HttpProtocol;
  readonly headers: Headers;
  readonly body: Uint8Array;
}

export interface HttpResponse {
  readonly kind: "response";
  readonly protocol: HttpProtocol;
  readonly status: number;
  readonly reason: string;
  readonly headers: Headers;
  readonly body: Uint8Array;
}

export type HttpMessage = HttpRequest | HttpResponse;

export interface RequestInit {
  method: string;
  uri: string;
  protocol?: HttpProtocol;
  headers?: HeaderInit;
  body?: Uint8Array;
}

export interface ResponseInit {
  status: number;
  reason?: string;
  protocol?: HttpProtocol;
  headers?: HeaderInit;
  body?: Uint8Array;
}

const EMPTY = new Uint8Array(0);

export function request(init: RequestInit): HttpRequest {
  return {
    kind: "request",
    method: init.method,
    uri: init.uri,
    protocol: init.protocol ?? HttpProtocol.Http,
    headers: new Headers(init.headers),
    body: init.body ?? EMPTY,
  };
}

export function response(init: ResponseInit): HttpResponse {
  return {
    kind: "response",
    protocol: init.protocol ?? HttpProtocol.Http,
    status: init.status,
    reason: init.reason ?? reasonPhrase(init.status),
    headers: new Headers(init.headers),
    body: init.body ?? EMPTY,
  };
}

const REASONS: Readonly<Record<number, string>> = {
  200: "OK",
  204: "No Content",
  206: "Partial Content",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Payload Too Large",
  416: "Range Not Satisfiable",
  451: "Parameter Not Understood",
  453: "Not Enough Bandwidth",
  454: "Session Not Found",
  455: "Method Not Valid In This State",
  470: "Connection Authorization Required",
  500: "Internal Server Error",
  501: "Not Implemented",
  503: "Service Unavailable",
};

/** The usual reason phrase of a status code (`Unknown` when none is known). */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? "Unknown";
}
