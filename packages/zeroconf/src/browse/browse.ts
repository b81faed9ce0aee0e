/**
 * browse(): finds services over mDNS / DNS-SD, multicast on the local links or unicast
 * to given hosts. Results come as an AsyncIterable (each responder once it is complete)
 * or, with browseAll(), as a promise of the full list.
 */
import { isIP } from "node:net";
import { AsyncQueue } from "../async-queue.js";
import { MDNS_PORT } from "../dns/constants.js";
import { externalIpv4Interfaces } from "../net/udp.js";
import { normalizeServiceType } from "../service-name.js";
import { knock, KNOCK_PORTS, type Knocker } from "./knock.js";
import { BrowseSession, type BrowseLimits, type Outgoing, type Source } from "./session.js";
import { openMulticastTransport, openUnicastTransport, type Transport } from "./transports.js";
import type { DiscoveredDevice, ZeroconfLogger } from "./types.js";

export interface BrowseOptions {
  /** Service types to look for, e.g. `_airplay._tcp.local` (`.local` may be left out). */
  serviceTypes: readonly string[];
  /** Unicast browse of these hosts (IP addresses) instead of multicast. Ends as soon as every host answered. */
  hosts?: readonly string[];
  /** Port of the hosts' mDNS responders (unicast browse). Default 5353. */
  port?: number;
  /** How long to browse, in ms. Default 4000. Reaching it ends the browse normally. */
  timeoutMs?: number;
  /** Aborting rejects the iteration (or browseAll) with `signal.reason`. */
  signal?: AbortSignal;
  /** Unicast browse: TCP "knocks" to wake sleeping devices. Default true; ports default to 3689, 7000, 49152, 32498. */
  knock?: boolean | { ports?: readonly number[] };
  /** Multicast browse: IPv4 addresses of the interfaces to send from. Default: every non-internal IPv4 interface. */
  interfaces?: readonly string[];
  /** A responder is reported once nothing new came from it for this long and nothing is missing. Default 500 ms. */
  settleMs?: number;
  /** Caps on what the network can make the browse hold or send (see `DEFAULT_BROWSE_LIMITS`). */
  limits?: Partial<BrowseLimits>;
  logger?: ZeroconfLogger;
}

const RESEND_INTERVAL_MS = 1000;
const POLL_INTERVAL_MS = 50;
const DEFAULT_TIMEOUT_MS = 4000;

function validate(options: BrowseOptions): void {
  if (!Array.isArray(options.serviceTypes) || options.serviceTypes.length === 0) {
    throw new TypeError("browse: serviceTypes must be a non-empty array");
  }
  options.serviceTypes.forEach(normalizeServiceType); // throws TypeError on a bad type
  const { timeoutMs, port, hosts, interfaces } = options;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0))
    throw new RangeError(`browse: timeoutMs must be > 0, got ${timeoutMs}`);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536))
    throw new RangeError(`browse: port must be 1..65535, got ${port}`);
  for (const h of hosts ?? [])
    if (isIP(h) === 0) throw new TypeError(`browse: hosts must be IP addresses, got ${JSON.stringify(h)}`);
  for (const a of interfaces ?? [])
    if (isIP(a) !== 4)
      throw new TypeError(`browse: interfaces must be IPv4 addresses, got ${JSON.stringify(a)}`);
  if (typeof options.knock === "object") {
    for (const p of options.knock.ports ?? [])
      if (!(Number.isInteger(p) && p > 0 && p < 65536)) throw new RangeError(`browse: bad knock port ${p}`);
  }
}

/**
 * Browses for the given service types. Iteration starts the browse; leaving the loop
 * (break/return) stops it and closes every socket.
 */
export function browse(options: BrowseOptions): AsyncIterable<DiscoveredDevice> {
  validate(options);
  return { [Symbol.asyncIterator]: () => run(options) };
}

/** Browses until the timeout (or, unicast, until every host answered) and returns every device found. */
export async function browseAll(options: BrowseOptions): Promise<DiscoveredDevice[]> {
  const devices: DiscoveredDevice[] = [];
  for await (const device of browse(options)) devices.push(device);
  return devices;
}

async function* run(options: BrowseOptions): AsyncGenerator<DiscoveredDevice, void, undefined> {
  options.signal?.throwIfAborted();
  const hosts = options.hosts ? { hosts: [...new Set(options.hosts)] } : {};
  const browseRun = new BrowseRun({ ...options, ...hosts });
  try {
    await browseRun.start();
    for (;;) {
      const step = await browseRun.queue.next();
      if (step.done) return;
      yield step.value;
    }
  } finally {
    browseRun.stop();
  }
}

class BrowseRun {
  readonly queue = new AsyncQueue<DiscoveredDevice>();
  private readonly session: BrowseSession;
  private transport: Transport | undefined;
  private knocker: Knocker | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private readonly onAbort = (): void => {
    this.queue.fail(this.options.signal?.reason);
    this.stop();
  };

  constructor(private readonly options: BrowseOptions) {
    this.session = new BrowseSession({
      serviceTypes: options.serviceTypes,
      ...(options.hosts ? { hosts: options.hosts } : {}),
      port: options.port ?? MDNS_PORT,
      ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    });
  }

  async start(): Promise<void> {
    const { options } = this;
    const log = options.logger;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    options.signal?.addEventListener("abort", this.onAbort, { once: true });
    const onDatagram = (data: Uint8Array, from: Source, direct: boolean): void =>
      this.onDatagram(data, from, direct);
    if (options.hosts) {
      if (options.hosts.length === 0) return this.finish();
      this.transport = await openUnicastTransport(options.hosts, options.port ?? MDNS_PORT, onDatagram, log);
      if (this.stopped) return this.transport.close();
      if (options.knock !== false) {
        const ports =
          typeof options.knock === "object" && options.knock.ports ? options.knock.ports : KNOCK_PORTS;
        this.knocker = knock(options.hosts, ports, Math.max(100, timeoutMs - 200), log);
      }
    } else {
      const interfaces = options.interfaces ?? externalIpv4Interfaces().map((i) => i.address);
      if (interfaces.length === 0) {
        log?.debug("no IPv4 interface to browse on");
        return this.finish();
      }
      this.transport = await openMulticastTransport(interfaces, onDatagram, log);
    }
    if (this.stopped) return this.transport.close();
    this.sendAll(this.session.start());
    const started = Date.now();
    this.timers.push(
      setInterval(() => this.tick(), RESEND_INTERVAL_MS),
      setInterval(() => this.poll(), POLL_INTERVAL_MS),
      setTimeout(() => this.finish(), Math.max(0, timeoutMs - (Date.now() - started))),
    );
  }

  private onDatagram(data: Uint8Array, from: Source, direct: boolean): void {
    if (this.stopped) return;
    try {
      const { malformed, dropped, capped } = this.session;
      this.sendAll(this.session.receive(data, from, Date.now(), direct));
      const log = this.options.logger;
      if (log && this.session.malformed !== malformed)
        log.debug(`ignored datagram from ${from.address}: ${this.session.lastDecodeError?.message}`);
      if (log && this.session.dropped !== dropped)
        log.debug(`dropped datagram from ${from.address}: ${String(this.session.lastError)}`);
      if (log && this.session.capped !== capped)
        log.debug(
          `datagram from ${from.address} hit a browse limit (${this.session.capped - capped} items left out)`,
        );
      this.poll();
    } catch (error) {
      this.options.logger?.debug(`browse: datagram from ${from.address} not handled: ${String(error)}`);
    }
  }

  private tick(): void {
    try {
      this.sendAll(this.session.tick(Date.now()));
    } catch (error) {
      this.options.logger?.debug(`browse: tick failed: ${String(error)}`);
    }
  }

  private poll(): void {
    if (this.stopped) return;
    try {
      for (const device of this.session.completed(Date.now())) this.queue.push(device);
      if (this.session.done) this.finish();
    } catch (error) {
      this.options.logger?.debug(`browse: poll failed: ${String(error)}`);
    }
  }

  private finish(): void {
    if (this.stopped) return;
    for (const device of this.session.finish()) this.queue.push(device);
    this.queue.end();
    this.stop();
  }

  private sendAll(outgoing: readonly Outgoing[]): void {
    if (this.stopped || !this.transport) return;
    for (const out of outgoing) this.transport.send(out);
  }

  /** Idempotent: timers, sockets, knocks and the abort listener are all released. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.options.signal?.removeEventListener("abort", this.onAbort);
    this.knocker?.stop();
    this.transport?.close();
    this.queue.end();
  }
}
