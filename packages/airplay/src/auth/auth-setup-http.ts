/** `/auth-setup` on an HTTP connection: the client request pyatv sends and the receiver's route. */
import type { CallOptions } from "@atv/core";
import { AirPlayHttpError } from "../errors.js";
import type { HttpConnection } from "../http/connection.js";
import { type HttpRequest, type HttpResponse, response } from "../http/message.js";
import {
  AUTH_SETUP_CONTENT_TYPE,
  AUTH_SETUP_PATH,
  authSetupRequestBody,
  type AuthSetupResponseInfo,
  type AuthSetupServer,
  parseAuthSetupResponse,
} from "./auth-setup.js";
import { MalformedLegacyMessageError } from "./legacy/errors.js";

/**
 * `POST /auth-setup HTTP/1.1` with pyatv's 33-byte body. Extra headers (pyatv's RTSP session adds
 * CSeq, DACP-ID, Active-Remote, Client-Instance and `User-Agent: AirPlay/540.31`) come from the
 * caller. A non-200 answer is an `AirPlayHttpError` (pyatv raises too); the body is not verified.
 */
export async function postAuthSetup(
  connection: HttpConnection,
  options: CallOptions & { timeoutMs?: number; headers?: ReadonlyArray<[string, string]> } = {},
): Promise<AuthSetupResponseInfo> {
  const answer = await connection.request(
    {
      method: "POST",
      uri: AUTH_SETUP_PATH,
      headers: [...(options.headers ?? []), ["Content-Type", AUTH_SETUP_CONTENT_TYPE]],
      body: authSetupRequestBody(),
    },
    {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    },
  );
  if (answer.status !== 200) {
    throw new AirPlayHttpError(
      `${AUTH_SETUP_PATH}: device answered ${answer.status} ${answer.reason}`,
      answer.status,
    );
  }
  return parseAuthSetupResponse(answer.body);
}

/** Receiver route for `POST /auth-setup` (400 for a body other than pyatv's mode-1 request). */
export function authSetupRoute(server: AuthSetupServer): (request: HttpRequest) => HttpResponse | undefined {
  return (request) => {
    if (request.method !== "POST" || request.uri !== AUTH_SETUP_PATH) return undefined;
    try {
      return response({
        status: 200,
        protocol: request.protocol,
        headers: [["Content-Type", AUTH_SETUP_CONTENT_TYPE]],
        body: server.handle(AUTH_SETUP_PATH, request.body),
      });
    } catch (error) {
      if (error instanceof MalformedLegacyMessageError)
        return response({ status: 400, protocol: request.protocol });
      throw error;
    }
  };
}
