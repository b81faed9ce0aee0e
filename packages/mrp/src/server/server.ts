/**
 * The fake MRP Apple TV as a TCP service: `startMrpServer()` listens (port 0
 * by default), answers clients with the real codec, pairing and encryption,
 * and keeps its state across client connections.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { InvalidStateError, createLogger, type Logger } from "@atv/core";
import { MrpConnection, type MrpTransport } from "../connection.js";
import type { ProtocolMessage } from "../gen/atv/mrp/protocol_message_pb.js";
import { DeviceConnection, type Interceptor } from "./device-connection.js";
import { mrpServiceProperties } from "./properties.js";
import { MrpDeviceState, type DeviceIdentity } from "./state.js";
import { MrpUseCases } from "./use-cases.js";

export interface MrpServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /**
   * The PIN pair-setup accepts (what the device would show). Default 1111. A function is
   * called for every pair-setup M1, like a TV showing a fresh PIN each time (the simulator prints it).
   */
  pin?: string | number | (() => string | number);
  /** Identity fields; the rest get tvOS 14 Apple TV 4K defaults and random identifiers. */
  identity?: Partial<DeviceIdentity>;
  /** The device's Ed25519 long-term seed (32 bytes). Random by default. */
  ltsk?: Uint8Array;
  /** Reuse a state (e.g. across server restarts). */
  state?: MrpDeviceState;
  maxFrameBytes?: number;
  /**
   * Listen on TCP (default true). False for a device that offers MRP only through the AirPlay
   * tunnel: clients then arrive through serve(); `port` is 0.
   */
  listen?: boolean;
  logger?: Logger;
}

export interface MrpServer extends AsyncDisposable {
  readonly host: string;
  readonly port: number;
  readonly state: MrpDeviceState;
  readonly useCases: MrpUseCases;
  /** The TXT properties to advertise for `_mediaremotetv._tcp` (see mrpServiceProperties). */
  readonly properties: Record<string, string>;
  /**
   * Serves one client over an already open transport (e.g. a ChannelTransport over the AirPlay
   * tunnel's data channel); it shares state, pushes and interceptor with the TCP clients.
   */
  serve(transport: MrpTransport & { reset?(): void }): void;
  /** Clients connected right now. */
  readonly connectionCount: number;
  /** Intercepts received messages (drop/close the connection, or ignore them); undefined to stop. */
  setInterceptor(interceptor: Interceptor | undefined): void;
  /** Resets every client connection (TCP RST), as a device that vanished would. */
  dropConnections(): void;
  /** Stops listening and closes every client connection. Idempotent. */
  close(): Promise<void>;
}

/** The defaults of a tvOS 14 Apple TV 4K (gen 1). */
export function defaultIdentity(overrides: Partial<DeviceIdentity> = {}): DeviceIdentity {
  const uid = randomUUID().toUpperCase();
  return {
    uniqueIdentifier: uid,
    name: "Living Room",
    modelID: "AppleTV6,2",
    systemBuildVersion: "18M60",
    macAddress: "AA:BB:CC:DD:EE:FF",
    deviceUID: uid,
    pairingId: uid,
    ...overrides,
  };
}

/** Starts the fake device. */
export async function startMrpServer(options: MrpServerOptions = {}): Promise<MrpServer> {
  const host = options.host ?? "127.0.0.1";
  const logger = options.logger ?? createLogger("atv:mrp:device");
  const state = options.state ?? new MrpDeviceState(defaultIdentity(options.identity));
  const ltsk = new Uint8Array(options.ltsk ?? randomBytes(32));
  if (ltsk.length !== 32) throw new RangeError("ltsk must be 32 bytes");
  const format = (value: string | number): string => String(value).padStart(4, "0");
  const option = options.pin ?? 1111;
  const pin = typeof option === "function" ? () => format(option()) : format(option);
  const clients = new Set<DeviceConnection>();
  let interceptor: Interceptor | undefined;

  const broadcast = (...messages: ProtocolMessage[]): void => {
    for (const client of clients) if (client.wantsUpdates) client.push(...messages);
  };
  const useCases = new MrpUseCases(state, broadcast);

  const serve = (connection: MrpTransport & { reset?(): void }): void => {
    const client = new DeviceConnection(connection, {
      state,
      useCases,
      broadcast,
      ltsk,
      pin,
      interceptor: () => interceptor,
      logger,
    });
    clients.add(client);
    connection.on("closed", () => clients.delete(client));
  };

  let server: Server | undefined;
  let port = 0;
  if (options.listen !== false) {
    const tcp = createServer((socket: Socket) => {
      serve(
        new MrpConnection(socket, {
          label: "device",
          logger,
          ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
        }),
      );
    });
    server = tcp;
    await new Promise<void>((resolve, reject) => {
      tcp.once("error", reject);
      tcp.listen(options.port ?? 0, host, () => {
        tcp.off("error", reject);
        resolve();
      });
    });
    const address = tcp.address();
    port = typeof address === "object" && address ? address.port : 0;
  }

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const done = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
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
      return mrpServiceProperties(state);
    },
    get connectionCount() {
      return clients.size;
    },
    setInterceptor(next) {
      interceptor = next;
    },
    dropConnections() {
      for (const client of clients) client.drop();
    },
    serve(transport) {
      if (closing) throw new InvalidStateError("MRP device is closed");
      serve(transport);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
