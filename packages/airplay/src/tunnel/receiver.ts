/**
 * The device side of the remote-control session (airplay.md §6), for one verified control
 * connection: answers the session SETUP with an `eventPort`, RECORD, the data-stream SETUP with a
 * `dataPort`, `/feedback` and TEARDOWN; accepts the event channel (Events keys) and the data
 * channel (DataStream keys), and hands the data channel to `onDataChannel` (the simulator serves
 * @atv/mrp's fake device on it through a ChannelTransport). Losing either channel closes both.
 *
 * `handle()` returns undefined for requests that are not the tunnel's (audio SETUPs, /play …), so
 * an AirPlay receiver can try it first and fall back to its own routes.
 */
import { createServer, type Server, type Socket } from "node:net";
import { createLogger, type Logger } from "@atv/core";
import { HttpConnection } from "../http/connection.js";
import { HttpProtocol, response, type HttpRequest, type HttpResponse } from "../http/message.js";
import {
  BINARY_PLIST_CONTENT_TYPE,
  decodePlistDict,
  encodeBinaryPlist,
  type PlistDict,
} from "../plist/index.js";
import { DataChannel } from "./data-channel.js";
import { dataStreamKeys, eventChannelKeys } from "./keys.js";
import {
  dataStreamSetupResponse,
  parseDataStreamSetupRequest,
  parseRemoteControlSetupRequest,
  remoteControlSetupResponse,
  type RemoteControlSetupRequest,
} from "./setup-bodies.js";
import { TunnelSetupError } from "./errors.js";

export interface TunnelReceiverOptions {
  /** Where the event and data ports listen. Default 127.0.0.1. */
  host?: string;
  /** Each data channel a client opens (one per session). */
  onDataChannel: (channel: DataChannel, session: RemoteControlSetupRequest) => void;
  /** Largest MRP message accepted on the data channel. */
  maxMessageBytes?: number;
  logger?: Logger;
}

/** Listens for exactly one connection on an ephemeral port. */
async function acceptOne(
  host: string,
  onSocket: (socket: Socket) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    server.close();
    onSocket(socket);
  });
  server.maxConnections = 1;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  return { server, port: typeof address === "object" && address ? address.port : 0 };
}

function plist(body: PlistDict): HttpResponse {
  return response({
    status: 200,
    headers: { "Content-Type": BINARY_PLIST_CONTENT_TYPE },
    body: encodeBinaryPlist(body),
  });
}

export class TunnelReceiver {
  readonly #secret: Uint8Array;
  readonly #options: TunnelReceiverOptions;
  readonly #log: Logger;
  #session: RemoteControlSetupRequest | undefined;
  #servers: Server[] = [];
  #events: HttpConnection | undefined;
  #data: DataChannel | undefined;
  #closed = false;

  /** `secret`: the control connection's pair-verify secret (or transient K). */
  constructor(secret: Uint8Array, options: TunnelReceiverOptions) {
    this.#secret = new Uint8Array(secret);
    this.#options = options;
    this.#log = options.logger ?? createLogger("atv:airplay:tunnel:device");
  }

  /** True once a remote-control session was set up (and until TEARDOWN/close). */
  get active(): boolean {
    return this.#session !== undefined;
  }

  /** The client's event channel connection, once open. */
  get eventConnection(): HttpConnection | undefined {
    return this.#events;
  }

  get dataChannel(): DataChannel | undefined {
    return this.#data;
  }

  /** Answers a tunnel request; undefined when the request is not part of the remote-control session. */
  async handle(request: HttpRequest): Promise<HttpResponse | undefined> {
    if (this.#closed) return undefined;
    const path = request.uri.split("?")[0] ?? request.uri;
    switch (request.method) {
      case "SETUP":
        return this.#setup(request);
      case "RECORD":
        return this.#session ? response({ status: 200, headers: { "Audio-Latency": "0" } }) : undefined;
      case "TEARDOWN":
        if (!this.#session) return undefined;
        await this.close();
        return response({ status: 200 });
      case "POST":
        return path === "/feedback" && this.#session ? plist({ streams: [] }) : undefined;
      default:
        return undefined;
    }
  }

  /**
   * Sends a request to the client on the event channel (as a receiver sends `updateInfo`) and
   * resolves with the client's answer.
   */
  async sendEvent(body: PlistDict, uri = "/command"): Promise<HttpResponse> {
    const events = this.#events;
    if (!events) throw new TunnelSetupError("no event channel is open");
    return events.request({
      method: "POST",
      uri,
      protocol: HttpProtocol.Rtsp,
      headers: { "Content-Type": BINARY_PLIST_CONTENT_TYPE },
      body: encodeBinaryPlist(body),
    });
  }

  /** Closes the listeners and both channels. Idempotent. */
  async close(): Promise<void> {
    this.#session = undefined;
    for (const server of this.#servers.splice(0)) server.close();
    const events = this.#events;
    const data = this.#data;
    this.#events = undefined;
    this.#data = undefined;
    await Promise.all([events?.close(), data?.close()]);
  }

  /** The control connection is gone: everything of the session goes too; the secret is wiped. */
  async dispose(): Promise<void> {
    this.#closed = true;
    await this.close();
    this.#secret.fill(0);
  }

  async #setup(request: HttpRequest): Promise<HttpResponse | undefined> {
    let body: PlistDict;
    try {
      body = decodePlistDict(request.body, { maxBytes: 64 * 1024, maxDepth: 8 });
    } catch {
      return undefined;
    }
    try {
      if (body["streams"] !== undefined) {
        const stream = parseDataStreamSetupRequest(body);
        if (!stream) return undefined;
        const session = this.#session;
        if (!session) return response({ status: 455 });
        const keys = dataStreamKeys(this.#secret, stream.seed, "device");
        const { server, port } = await acceptOne(this.#options.host ?? "127.0.0.1", (socket) => {
          const channel = new DataChannel(socket, {
            keys,
            role: "device",
            label: "data channel (device)",
            logger: this.#log,
            ...(this.#options.maxMessageBytes === undefined
              ? {}
              : { maxMessageBytes: this.#options.maxMessageBytes }),
          });
          this.#data = channel;
          channel.on("closed", () => void this.#channelGone(channel));
          this.#options.onDataChannel(channel, session);
        });
        this.#servers.push(server);
        this.#log("tunnel: data stream seed accepted, dataPort %d", port);
        return plist(dataStreamSetupResponse(port));
      }
      const setup = parseRemoteControlSetupRequest(body);
      if (!setup.isRemoteControlOnly) return undefined;
      await this.close();
      const keys = eventChannelKeys(this.#secret, "device");
      const { server, port } = await acceptOne(this.#options.host ?? "127.0.0.1", (socket) => {
        const events = new HttpConnection(socket, {
          label: "event channel (device)",
          logger: this.#log,
          requestHandler: () => response({ status: 501 }),
        });
        events.enableEncryption(keys);
        this.#events = events;
        events.on("closed", () => void this.#channelGone(events));
      });
      this.#servers.push(server);
      this.#session = setup;
      this.#log("tunnel: remote-control session for %s, eventPort %d", setup.client.name ?? "?", port);
      return plist(remoteControlSetupResponse(port));
    } catch (error) {
      if (error instanceof TunnelSetupError) {
        this.#log("tunnel: bad SETUP: %s", error.message);
        return response({ status: 400 });
      }
      throw error;
    }
  }

  /** Either channel ended: end the other one too (a real receiver tears the session down). */
  async #channelGone(which: HttpConnection | DataChannel): Promise<void> {
    if (which !== this.#events && which !== this.#data) return;
    await this.close();
  }
}
