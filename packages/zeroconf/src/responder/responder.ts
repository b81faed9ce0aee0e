/**
 * An mDNS / DNS-SD responder: publishes service instances and answers queries,
 * multicast on one interface and/or unicast on one `address:port` (what the simulator
 * uses on loopback). No probing or conflict resolution: names are assumed unique.
 */
import type { Socket } from "node:dgram";
import { EventEmitter } from "node:events";
import { isIP } from "node:net";
import { MDNS_ADDRESS, MDNS_PORT } from "../dns/constants.js";
import { decodeMessage } from "../dns/decode.js";
import type { DnsMessage } from "../dns/types.js";
import { DnsDecodeError, ZeroconfSocketError } from "../errors.js";
import { bindUdp, closeUdp } from "../net/udp.js";
import type { ZeroconfLogger } from "../browse/types.js";
import { announcement, answerQuery, encodeResponse, sameRecord } from "./answer.js";
import { buildZone, type PublishedService, type ZoneOptions, type ZoneRecord } from "./zone.js";

export interface ResponderOptions extends ZoneOptions {
  services: readonly PublishedService[];
  /** Answer queries sent to this address:port (port 0 = pick one; see `port`). */
  unicast?: { address: string; port: number };
  /** Answer multicast queries on the interface with this IPv4 address (binds 0.0.0.0:5353, shared). */
  multicast?: { interfaceAddress: string };
  /** Aborting closes the responder. */
  signal?: AbortSignal;
  logger?: ZeroconfLogger;
}

export interface QuerySource {
  address: string;
  port: number;
  /** Arrived on the unicast socket (true) or the multicast one (false). */
  unicast: boolean;
}

export interface ResponderEvents {
  /** Every decoded query (for tests and the simulator's recorder). */
  query: [message: DnsMessage, source: QuerySource];
  /** A datagram that did not decode; it was ignored. */
  malformed: [error: DnsDecodeError, source: QuerySource];
}

const ANNOUNCE_REPEAT_MS = 1000;

export class Responder extends EventEmitter<ResponderEvents> {
  private zone: ZoneRecord[];
  private readonly zoneOptions: ZoneOptions;
  private unicastSocket: Socket | undefined;
  private multicastSocket: Socket | undefined;
  private state: "new" | "starting" | "running" | "closed" = "new";
  private announceTimer: NodeJS.Timeout | undefined;
  private readonly onAbort = (): void => void this.close();

  constructor(private readonly options: ResponderOptions) {
    super();
    if (!options.unicast && !options.multicast)
      throw new TypeError("Responder needs `unicast` and/or `multicast`");
    if (
      options.unicast &&
      (isIP(options.unicast.address) === 0 ||
        !Number.isInteger(options.unicast.port) ||
        options.unicast.port < 0 ||
        options.unicast.port > 65535)
    ) {
      throw new TypeError(`Responder: bad unicast address ${JSON.stringify(options.unicast)}`);
    }
    if (options.multicast && isIP(options.multicast.interfaceAddress) !== 4) {
      throw new TypeError(
        `Responder: multicast.interfaceAddress must be IPv4, got ${JSON.stringify(options.multicast.interfaceAddress)}`,
      );
    }
    this.zoneOptions = {
      ...(options.deviceInfoModel !== undefined ? { deviceInfoModel: options.deviceInfoModel } : {}),
      ...(options.deviceName !== undefined ? { deviceName: options.deviceName } : {}),
    };
    this.zone = buildZone(options.services, this.zoneOptions);
  }

  /** The bound unicast port (useful when 0 was asked for); 0 before start or without `unicast`. */
  get port(): number {
    return this.unicastSocket?.address().port ?? 0;
  }

  /** Binds the sockets and, on multicast, announces the records. */
  async start({ signal }: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.state !== "new") throw new Error(`Responder already ${this.state}`);
    this.state = "starting";
    signal?.throwIfAborted();
    this.options.signal?.throwIfAborted();
    this.options.signal?.addEventListener("abort", this.onAbort, { once: true });
    const { unicast, multicast } = this.options;
    try {
      if (unicast) {
        this.unicastSocket = await bindUdp({
          type: isIP(unicast.address) === 6 ? "udp6" : "udp4",
          address: unicast.address,
          port: unicast.port,
        });
        this.listen(this.unicastSocket, true);
      }
      if (multicast) {
        const socket = await bindUdp({ port: MDNS_PORT, reuseAddr: true });
        this.multicastSocket = socket;
        socket.addMembership(MDNS_ADDRESS, multicast.interfaceAddress);
        socket.setMulticastInterface(multicast.interfaceAddress);
        socket.setMulticastTTL(255);
        socket.setMulticastLoopback(true);
        this.listen(socket, false);
      }
      signal?.throwIfAborted();
    } catch (error) {
      await this.close();
      if (signal?.aborted || this.options.signal?.aborted) throw error;
      throw new ZeroconfSocketError(`responder cannot bind: ${(error as Error).message}`, { cause: error });
    }
    if (this.state !== "starting") return; // closed meanwhile
    this.state = "running";
    this.announce();
  }

  /** Replaces the published services; on multicast, says goodbye to the old records and announces the new. */
  update(services: readonly PublishedService[]): void {
    const next = buildZone(services, this.zoneOptions);
    const removed = this.zone.filter((z) => !next.some((n) => sameRecord(n.record, z.record)));
    if (this.state === "running" && removed.length > 0) void this.sendMulticast(announcement(removed, true));
    this.zone = next;
    if (this.state === "running") this.announce();
  }

  /** Sends goodbyes (multicast), closes the sockets. Idempotent. */
  async close(): Promise<void> {
    if (this.state === "closed") return;
    const wasRunning = this.state === "running";
    this.state = "closed";
    clearTimeout(this.announceTimer);
    this.options.signal?.removeEventListener("abort", this.onAbort);
    const multicastSocket = this.multicastSocket;
    if (wasRunning && multicastSocket) await this.sendMulticast(announcement(this.zone, true));
    if (this.unicastSocket) closeUdp(this.unicastSocket);
    if (multicastSocket) closeUdp(multicastSocket);
    this.unicastSocket = undefined;
    this.multicastSocket = undefined;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private announce(): void {
    if (!this.multicastSocket) return;
    void this.sendMulticast(announcement(this.zone));
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      if (this.state === "running") void this.sendMulticast(announcement(this.zone));
    }, ANNOUNCE_REPEAT_MS);
  }

  private listen(socket: Socket, unicast: boolean): void {
    socket.on("error", (e) => this.options.logger?.debug(`responder socket: ${e.message}`));
    socket.on("message", (msg, rinfo) => {
      const source: QuerySource = { address: rinfo.address, port: rinfo.port, unicast };
      this.onDatagram(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength), source, socket);
    });
  }

  private onDatagram(data: Uint8Array, source: QuerySource, socket: Socket): void {
    if (this.state !== "running") return;
    let query: DnsMessage;
    try {
      query = decodeMessage(data);
    } catch (error) {
      if (!(error instanceof DnsDecodeError)) throw error;
      this.options.logger?.debug(`malformed query from ${source.address}:${source.port}: ${error.message}`);
      this.emit("malformed", error, source);
      return;
    }
    if (query.questions.length === 0) return;
    this.emit("query", query, source);
    const plan = answerQuery(this.zone, query, {
      legacy: source.port !== MDNS_PORT,
      forceUnicast: source.unicast,
    });
    if (plan.unicast)
      for (const d of encodeResponse(plan.unicast)) void this.send(socket, d, source.port, source.address);
    if (plan.multicast) void this.sendMulticast(plan.multicast);
  }

  private sendMulticast(message: DnsMessage): Promise<void> {
    const socket = this.multicastSocket;
    if (!socket) return Promise.resolve();
    return Promise.all(
      encodeResponse(message).map((d) => this.send(socket, d, MDNS_PORT, MDNS_ADDRESS)),
    ).then(() => undefined);
  }

  private send(socket: Socket, data: Uint8Array, port: number, address: string): Promise<void> {
    return new Promise((resolve) => {
      try {
        socket.send(data, port, address, (error) => {
          if (error) this.options.logger?.debug(`responder send to ${address}:${port}: ${error.message}`);
          resolve();
        });
      } catch (error) {
        this.options.logger?.debug(`responder send to ${address}:${port}: ${(error as Error).message}`);
        resolve();
      }
    });
  }
}

/** A responder, not yet started: call `start()`. */
export function createResponder(options: ResponderOptions): Responder {
  return new Responder(options);
}
