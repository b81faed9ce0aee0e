/** Small promise helpers around node:dgram and the host's interfaces. */
import { createSocket, type Socket, type SocketType } from "node:dgram";
import { networkInterfaces } from "node:os";

export interface BindOptions {
  type?: SocketType;
  address?: string;
  port?: number;
  reuseAddr?: boolean;
}

/** Opens and binds a UDP socket; rejects with the bind error (the socket is closed). */
export function bindUdp({
  type = "udp4",
  address,
  port = 0,
  reuseAddr = false,
}: BindOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type, reuseAddr });
    const onError = (error: Error): void => {
      socket.close();
      reject(error);
    };
    socket.once("error", onError);
    socket.bind({ port, ...(address !== undefined ? { address } : {}), exclusive: !reuseAddr }, () => {
      socket.off("error", onError);
      resolve(socket);
    });
  });
}

/** Connects a bound UDP socket to one peer (the kernel then drops datagrams from anyone else). */
export function connectUdp(socket: Socket, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    socket.once("error", onError);
    socket.connect(port, address, () => {
      socket.off("error", onError);
      resolve();
    });
  });
}

export function closeUdp(socket: Socket): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}

export interface Ipv4Interface {
  address: string;
  netmask: string;
}

/** Every non-internal IPv4 address of this host (where a default multicast browse sends from). */
export function externalIpv4Interfaces(): Ipv4Interface[] {
  const out: Ipv4Interface[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? [])
      if (i.family === "IPv4" && !i.internal) out.push({ address: i.address, netmask: i.netmask });
  }
  return out;
}

function toInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

/** True when `ip` is in the subnet of `iface`. */
export function inSubnet(ip: string, iface: Ipv4Interface): boolean {
  const mask = toInt(iface.netmask);
  return (toInt(ip) & mask) === (toInt(iface.address) & mask);
}

/** The netmask of a local address, if it is one of ours. */
export function netmaskOf(address: string): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const i of list ?? []) if (i.address === address) return i.netmask;
  return undefined;
}
