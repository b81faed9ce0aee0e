/** Raw UDP helpers for tests: send a datagram and wait for one answer; a scripted fake responder. */
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";

export async function sendAndReceive(
  data: Uint8Array,
  address: string,
  port: number,
  timeoutMs = 3000,
): Promise<Uint8Array> {
  const socket = createSocket("udp4");
  try {
    return await new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from ${address}:${port}`)), timeoutMs);
      socket.once("message", (msg) => {
        clearTimeout(timer);
        resolve(new Uint8Array(msg));
      });
      socket.send(data, port, address);
    });
  } finally {
    socket.close();
  }
}

export type Script = (query: Uint8Array, from: RemoteInfo, reply: (data: Uint8Array) => void) => void;

/** A UDP server on address:port (0 = any) that runs `script` for every datagram. */
export async function scriptedResponder(
  address: string,
  port: number,
  script: Script,
): Promise<{ port: number; close(): void; socket: Socket }> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(port, address, resolve));
  socket.on("message", (msg, rinfo) =>
    script(new Uint8Array(msg), rinfo, (data) => socket.send(data, rinfo.port, rinfo.address)),
  );
  return { port: socket.address().port, close: () => socket.close(), socket };
}
