/**
 * A minimal NTP-like timing responder (raop.md §6/§7) for AirPlay 2 sessions: answers each timing
 * request (type 0x52) with a response (0x53) carrying the request's send time and our clock.
 */
import { createSocket, type Socket } from "node:dgram";

function ntpNow(): [number, number] {
  const ms = Date.now();
  const seconds = Math.floor(ms / 1000) + 2208988800;
  const fraction = Math.floor(((ms % 1000) * 0x100000000) / 1000);
  return [seconds >>> 0, fraction >>> 0];
}

export interface TimingResponder {
  readonly port: number;
  close(): Promise<void>;
}

export async function startTimingResponder(host: string): Promise<TimingResponder> {
  const socket: Socket = createSocket(host.includes(":") ? "udp6" : "udp4");
  socket.on("message", (message, remote) => {
    if (message.length !== 32 || ((message[1] ?? 0) & 0x7f) !== 0x52) return;
    const reply = Buffer.alloc(32);
    reply[0] = message[0] ?? 0x80;
    reply[1] = 0xd3;
    reply.writeUInt16BE(7, 2);
    message.copy(reply, 8, 24, 32);
    const [s, f] = ntpNow();
    reply.writeUInt32BE(s, 16);
    reply.writeUInt32BE(f, 20);
    reply.writeUInt32BE(s, 24);
    reply.writeUInt32BE(f, 28);
    socket.send(reply, remote.port, remote.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, host, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    port: socket.address().port,
    close: () => (closing ??= new Promise<void>((resolve) => socket.close(() => resolve()))),
  };
}
