/** The sockets of a browse: per-host connected sockets (unicast) or per-interface + group sockets (multicast). */
import type { Socket } from "node:dgram";
import { isIP } from "node:net";
import { MDNS_ADDRESS, MDNS_PORT } from "../dns/constants.js";
import { ZeroconfSocketError } from "../errors.js";
import { bindUdp, closeUdp, connectUdp, inSubnet, netmaskOf, type Ipv4Interface } from "../net/udp.js";
import type { Outgoing, Source } from "./session.js";
import type { ZeroconfLogger } from "./types.js";

export type DatagramHandler = (data: Uint8Array, from: Source, direct: boolean) => void;

export interface Transport {
  send(out: Outgoing): void;
  close(): void;
}

function asBytes(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

function sendLogged(
  socket: Socket,
  data: Uint8Array,
  logger: ZeroconfLogger | undefined,
  port?: number,
  address?: string,
): void {
  const done = (error: Error | null): void => {
    if (error) logger?.debug(`send to ${address ?? "peer"}:${port ?? ""} failed: ${error.message}`);
  };
  try {
    if (port !== undefined && address !== undefined) socket.send(data, port, address, done);
    else socket.send(data, done);
  } catch (error) {
    logger?.debug(`send failed: ${(error as Error).message}`);
  }
}

/** One socket per host, bound to an ephemeral port and connected to host:port (legacy unicast queries). */
export async function openUnicastTransport(
  hosts: readonly string[],
  port: number,
  onDatagram: DatagramHandler,
  logger?: ZeroconfLogger,
): Promise<Transport> {
  const sockets = new Map<string, Socket>();
  const close = (): void => {
    for (const s of sockets.values()) closeUdp(s);
    sockets.clear();
  };
  try {
    for (const host of hosts) {
      // isIP tries IPv4 first: an IPv4 host never compiles Node's large IPv6 pattern (issue 15).
      const socket = await bindUdp({ type: isIP(host) === 6 ? "udp6" : "udp4" });
      sockets.set(host, socket);
      socket.on("error", (e) => logger?.debug(`unicast socket for ${host}: ${e.message}`));
      await connectUdp(socket, port, host);
      socket.on("message", (msg, rinfo) =>
        onDatagram(asBytes(msg), { address: host, port: rinfo.port }, true),
      );
    }
  } catch (error) {
    close();
    throw new ZeroconfSocketError(
      `cannot open a UDP socket towards ${[...hosts].join(", ")}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return {
    send(out) {
      if (out.to.kind !== "unicast") return;
      const socket = sockets.get(out.to.address);
      if (socket) sendLogged(socket, out.data, logger);
    },
    close,
  };
}

/**
 * Multicast browse sockets (zeroconf.md §6.1):
 * - per interface address A, a socket bound to A:5353 (or A:ephemeral if 5353 is taken)
 *   with IP_MULTICAST_IF = A, TTL 255, loopback on; it sends the queries and gets the
 *   unicast (QU) answers;
 * - one socket bound to 224.0.0.251:5353 (falls back to 0.0.0.0:5353), member of the group
 *   on every A; it gets the multicast answers and never steals unicast meant for another
 *   mDNS daemon on this host.
 */
export async function openMulticastTransport(
  interfaces: readonly string[],
  onDatagram: DatagramHandler,
  logger?: ZeroconfLogger,
): Promise<Transport> {
  const senders: { socket: Socket; iface: Ipv4Interface }[] = [];
  let group: Socket | undefined;
  const close = (): void => {
    for (const s of senders) closeUdp(s.socket);
    senders.length = 0;
    if (group) closeUdp(group);
    group = undefined;
  };
  for (const address of interfaces) {
    let socket: Socket;
    try {
      socket = await bindUdp({ address, port: MDNS_PORT, reuseAddr: true }).catch(() =>
        bindUdp({ address, port: 0 }),
      );
      socket.setMulticastInterface(address);
      socket.setMulticastTTL(255);
      socket.setMulticastLoopback(true);
    } catch (error) {
      logger?.debug(`cannot browse from ${address}: ${(error as Error).message}`);
      continue;
    }
    socket.on("error", (e) => logger?.debug(`socket on ${address}: ${e.message}`));
    socket.on("message", (msg, rinfo) =>
      onDatagram(asBytes(msg), { address: rinfo.address, port: rinfo.port }, true),
    );
    senders.push({ socket, iface: { address, netmask: netmaskOf(address) ?? "255.255.255.255" } });
  }
  if (senders.length === 0) {
    throw new ZeroconfSocketError(
      `cannot open a multicast socket on any of: ${interfaces.join(", ") || "(no interface)"}`,
    );
  }
  try {
    group = await bindUdp({ address: MDNS_ADDRESS, port: MDNS_PORT, reuseAddr: true }).catch(() =>
      bindUdp({ port: MDNS_PORT, reuseAddr: true }),
    );
    group.on("error", (e) => logger?.debug(`group socket: ${e.message}`));
    for (const s of senders) {
      try {
        group.addMembership(MDNS_ADDRESS, s.iface.address);
      } catch (error) {
        logger?.debug(`cannot join ${MDNS_ADDRESS} on ${s.iface.address}: ${(error as Error).message}`);
      }
    }
    group.on("message", (msg, rinfo) =>
      onDatagram(asBytes(msg), { address: rinfo.address, port: rinfo.port }, false),
    );
  } catch (error) {
    // Without the group socket only unicast (QU) answers arrive; still useful.
    logger?.debug(`cannot listen on ${MDNS_ADDRESS}:${MDNS_PORT}: ${(error as Error).message}`);
  }
  return {
    send(out) {
      if (out.to.kind === "multicast") {
        for (const s of senders) sendLogged(s.socket, out.data, logger, MDNS_PORT, MDNS_ADDRESS);
        return;
      }
      const { address, port } = out.to;
      const sender = senders.find((s) => inSubnet(address, s.iface)) ?? senders[0];
      if (sender) sendLogged(sender.socket, out.data, logger, port, address);
    },
    close,
  };
}
