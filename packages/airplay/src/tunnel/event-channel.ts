/**
 * The event channel of the remote-control session (airplay.md §6 step 4): a TCP connection to the
 * SETUP reply's `eventPort`, HAP-block encrypted with the Events keys from its first byte, on which
 * the device sends RTSP requests (`POST /command` `updateInfo` …). The client answers every one
 * with `RTSP/1.0 200 OK`, `Content-Length: 0`, `Audio-Latency: 0` and the echoed `CSeq` (and
 * `Server` when the request had one); a receiver whose requests go unanswered drops the session.
 */
import { connectTcp, type CallOptions, type Logger } from "@atv/core";
import { HttpConnection } from "../http/connection.js";
import { response, type HttpRequest, type HttpResponse } from "../http/message.js";
import { eventChannelKeys } from "./keys.js";

/** The reply to every device request on the event channel. */
export function eventChannelReply(request: HttpRequest): HttpResponse {
  const headers: Record<string, string> = { "Content-Length": "0", "Audio-Latency": "0" };
  const server = request.headers.get("Server");
  if (server !== undefined) headers["Server"] = server;
  return response({ status: 200, protocol: request.protocol, headers });
}

export interface EventChannelOptions extends CallOptions {
  connectTimeoutMs?: number;
  logger?: Logger;
  /** Sees every device request before it is answered (e.g. `updateInfo`). */
  onRequest?: (request: HttpRequest) => void;
}

/** Connects to `eventPort` and answers the device's requests; the connection's `closed` event is a loss. */
export async function openEventChannel(
  host: string,
  port: number,
  secret: Uint8Array,
  options: EventChannelOptions = {},
): Promise<HttpConnection> {
  const socket = await connectTcp(host, port, {
    label: "the event channel",
    signal: options.signal,
    timeoutMs: options.connectTimeoutMs,
  });
  const { onRequest } = options;
  const connection = new HttpConnection(socket, {
    label: "event channel (client)",
    ...(options.logger ? { logger: options.logger } : {}),
    requestHandler: (request) => {
      onRequest?.(request);
      return eventChannelReply(request);
    },
  });
  connection.enableEncryption(eventChannelKeys(secret, "client"));
  return connection;
}
