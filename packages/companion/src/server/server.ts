/**
 * The fake Companion Apple TV as a TCP service: `startCompanionServer()` listens (port 0 by
 * default), pairs with a PIN, verifies, answers with the real codec and encryption, and keeps
 * its state across client connections.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { createLogger, type Logger } from "@atv/core";
import { CompanionConnection } from "../connection.js";
import { DeviceConnection, type Interceptor } from "./device-connection.js";
import type { FixedPairingSecrets } from "./device-pairing.js";
import { companionServiceProperties } from "./properties.js";
import { CompanionDeviceState, defaultCompanionIdentity, type CompanionIdentity } from "./state.js";
import { CompanionUseCases } from "./use-cases.js";

export interface CompanionServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** The PIN pair-setup accepts; a function gives a fresh one per attempt. Default 1111. */
  pin?: string | number | (() => string | number);
  identity?: Partial<CompanionIdentity>;
  /** The device's Ed25519 long-term seed (32 bytes). Random by default. */
  ltsk?: Uint8Array;
  state?: CompanionDeviceState;
  /** Fixed pairing secrets, only to replay captured vectors. */
  fixedSecrets?: FixedPairingSecrets;
  maxFrameBytes?: number;
  logger?: Logger;
}

export interface CompanionServer extends AsyncDisposable {
  readonly host: string;
  readonly port: number;
  readonly state: CompanionDeviceState;
  readonly useCases: CompanionUseCases;
  /** TXT properties for `_companion-link._tcp`. */
  readonly properties: Record<string, string>;
  readonly connectionCount: number;
  setInterceptor(interceptor: Interceptor | undefined): void;
  /** Resets every client connection (TCP RST). */
  dropConnections(): void;
  /** Stops listening and closes every client. Idempotent. */
  close(): Promise<void>;
}

export async function startCompanionServer(options: CompanionServerOptions = {}): Promise<CompanionServer> {
  const host = options.host ?? "127.0.0.1";
  const logger = options.logger ?? createLogger("atv:companion:device");
  const state = options.state ?? new CompanionDeviceState(defaultCompanionIdentity(options.identity));
  const ltsk = new Uint8Array(options.ltsk ?? randomBytes(32));
  if (ltsk.length !== 32) throw new RangeError("ltsk must be 32 bytes");
  const format = (value: string | number): string => String(value).padStart(4, "0");
  const option = options.pin ?? 1111;
  const pin = typeof option === "function" ? () => format(option()) : format(option);
  const clients = new Set<DeviceConnection>();
  let interceptor: Interceptor | undefined;

  const useCases = new CompanionUseCases(state, (identifier, content, always) => {
    for (const client of clients) client.push(identifier, content, always ?? false);
  });

  const server: Server = createServer((socket: Socket) => {
    const connection = new CompanionConnection(socket, {
      label: "device",
      logger,
      ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
    });
    const client = new DeviceConnection(connection, {
      state,
      useCases,
      ltsk,
      pin,
      fixedSecrets: options.fixedSecrets,
      interceptor: () => interceptor,
      logger,
    });
    clients.add(client);
    connection.on("closed", () => clients.delete(client));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...clients].map((c) => c.connection.close()));
      await done;
      ltsk.fill(0);
    })());

  return {
    host,
    port,
    state,
    useCases,
    get properties() {
      return companionServiceProperties(state);
    },
    get connectionCount() {
      return clients.size;
    },
    setInterceptor(next) {
      interceptor = next;
    },
    dropConnections() {
      for (const client of clients) client.connection.reset();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
