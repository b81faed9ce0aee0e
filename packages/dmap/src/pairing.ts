/**
 * DMAP pairing: atv acts as a Remote (dmap.md §8). begin() starts an HTTP server on a free
 * port and announces it as `_touch-remote._tcp` (TXT DvNm, RemV, DvTy, RemN, txtvers, Pair)
 * with @atv/zeroconf's responder; the user picks the remote on the Apple TV and types our
 * PIN; the device calls `GET /pair?pairingcode=…&servicename=…`; a code matching
 * MD5(GUID ‖ PIN digits with NULs) is answered with `cmpa`, anything else with 500.
 * finish() puts `0x<GUID>` on the service as credentials (when the device paired).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import {
  InvalidStateError,
  PairingError,
  createLogger,
  formatPin,
  type AppleTVConfig,
  type BaseService,
  type CallOptions,
  type Logger,
  type PairingHandler,
  type Storage,
} from "@atv/core";
import { createResponder, type Responder } from "@atv/zeroconf";
import {
  normalizePairingGuid,
  pairingCode,
  pairingResponse,
  randomPairingGuid,
  remoteInstanceName,
} from "./pairing-code.js";

export const TOUCH_REMOTE_SERVICE_TYPE = "_touch-remote._tcp.local";

export interface DmapPairingOptions {
  /** Name shown on the Apple TV (TXT DvNm) and returned in `cmnm`. Default `atv`. */
  name?: string;
  /** The PIN the user types on the device; without one any code is accepted (as pyatv). */
  pin?: number | string;
  /** Our pairing GUID (16 hex digits); default random. */
  pairingGuid?: string;
  /** Address the pairing server listens on (default 0.0.0.0). */
  host?: string;
  /** Where the service is announced. Default: multicast on every private non-loopback IPv4 address. */
  zeroconf?: {
    /** Answer unicast DNS-SD queries here (tests, the simulator). */
    unicast?: { address: string; port: number };
    /** IPv4 addresses to announce on by multicast; [] for none. */
    multicastInterfaces?: readonly string[];
  };
  storage?: Storage;
  logger?: Logger;
}

function isPrivateIPv4(address: string): boolean {
  const [a, b] = address.split(".").map(Number);
  return a === 10 || (a === 172 && b !== undefined && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** Non-loopback private IPv4 addresses of this machine (pyatv's choice of where to publish). */
export function privateIPv4Addresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && i.family === "IPv4" && !i.internal && isPrivateIPv4(i.address))
    .map((i) => i!.address);
}

export class DmapPairingHandler implements PairingHandler {
  readonly service: BaseService;
  readonly deviceProvidesPin = false;
  readonly pairingGuid: string;
  readonly #config: AppleTVConfig | undefined;
  readonly #options: DmapPairingOptions;
  readonly #log: Logger;
  #pin: string | undefined;
  #server: Server | undefined;
  #responders: Responder[] = [];
  #paired = false;
  #waiters: (() => void)[] = [];

  constructor(config: AppleTVConfig | undefined, service: BaseService, options: DmapPairingOptions = {}) {
    this.#config = config;
    this.service = service;
    this.#options = options;
    this.#log = options.logger ?? createLogger("atv:dmap:pairing");
    this.pairingGuid = options.pairingGuid ? normalizePairingGuid(options.pairingGuid) : randomPairingGuid();
    if (options.pin !== undefined) this.#pin = formatPin(options.pin);
  }

  get hasPaired(): boolean {
    return this.#paired;
  }

  /** Port of the pairing server (after begin). */
  get port(): number | undefined {
    const address = this.#server?.address();
    return address && typeof address === "object" ? address.port : undefined;
  }

  /** The unicast DNS-SD port answering for our `_touch-remote` service, when `zeroconf.unicast` was given. */
  get zeroconfPort(): number | undefined {
    return this.#options.zeroconf?.unicast ? this.#responders[0]?.port : undefined;
  }

  /** The TXT record we announce. */
  get properties(): Record<string, string> {
    return {
      DvNm: this.#options.name ?? "atv",
      RemV: "10000",
      DvTy: "iPod",
      RemN: "Remote",
      txtvers: "1",
      Pair: this.pairingGuid,
    };
  }

  async begin(options: CallOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    if (this.#server) throw new InvalidStateError("pairing already begun");
    const server = createServer((req, res) => this.#handle(req, res));
    server.maxHeadersCount = 32;
    server.requestTimeout = 10_000;
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, this.#options.host ?? "0.0.0.0", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    try {
      await this.#publish(port);
    } catch (error) {
      await this.close();
      throw new PairingError(`cannot announce the pairing service: ${String(error)}`, { cause: error });
    }
    this.#log("pairing server on port %d, waiting for the device", port);
  }

  async #publish(port: number): Promise<void> {
    const zc = this.#options.zeroconf;
    const service = (address: string) => ({
      type: TOUCH_REMOTE_SERVICE_TYPE,
      name: remoteInstanceName(address),
      port,
      address,
      properties: this.properties,
    });
    if (zc?.unicast) {
      this.#responders.push(
        createResponder({ services: [service(zc.unicast.address)], unicast: zc.unicast }),
      );
    }
    const interfaces = zc?.multicastInterfaces ?? (zc?.unicast ? [] : privateIPv4Addresses());
    for (const address of interfaces)
      this.#responders.push(
        createResponder({ services: [service(address)], multicast: { interfaceAddress: address } }),
      );
    for (const responder of this.#responders) await responder.start();
  }

  pin(pin: number | string): void {
    this.#pin = formatPin(pin);
  }

  /** Resolves once the device paired (useful for scripts; the CLI waits for ENTER instead). */
  waitForPairing(options: CallOptions = {}): Promise<void> {
    if (this.#paired) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(options.signal?.reason as Error);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(() => {
        options.signal?.removeEventListener("abort", onAbort);
        resolve();
      });
    });
  }

  /** Stops announcing; the credentials `0x<GUID>` go on the service when the device paired. */
  async finish(options: CallOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    if (!this.#server) throw new InvalidStateError("call begin() before finish()");
    await this.close();
    if (!this.#paired) return;
    this.service.credentials = `0x${this.pairingGuid}`;
    if (this.#options.storage && this.#config)
      await this.#options.storage.updateSettings(this.#config, options);
  }

  async close(): Promise<void> {
    const responders = this.#responders;
    this.#responders = [];
    await Promise.allSettled(responders.map((r) => r.close()));
    const server = this.#server;
    if (server?.listening) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const url = new URL(req.url ?? "/", "http://remote");
    if (req.method !== "GET" || url.pathname !== "/pair") {
      res.writeHead(404).end();
      return;
    }
    const code = url.searchParams.get("pairingcode") ?? "";
    const serviceName = url.searchParams.get("servicename") ?? "";
    const expected = this.#pin === undefined ? undefined : pairingCode(this.pairingGuid, this.#pin);
    if (expected !== undefined && code.toLowerCase() !== expected) {
      this.#log("device %s sent a wrong pairing code", serviceName);
      res.writeHead(500).end();
      return;
    }
    this.#log("paired with device %s", serviceName);
    const body = pairingResponse(this.pairingGuid, this.#options.name ?? "atv");
    res.writeHead(200, { "Content-Type": "application/x-dmap-tagged", "Content-Length": body.length });
    res.end(body);
    this.#paired = true;
    for (const w of this.#waiters.splice(0)) w();
  }
}
