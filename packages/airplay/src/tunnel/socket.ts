/** Opening the tunnel's TCP channels: typed errors, timeout and AbortSignal. */
import { connect as netConnect, type Socket } from "node:net";
import { ConnectionFailedError, type CallOptions } from "@atv/core";

export interface SocketConnectOptions extends CallOptions {
  /** Give up after this long. Default 10 s. */
  connectTimeoutMs?: number;
  /** Name of the channel for the error message (`data channel`, `event channel`). */
  what?: string;
}

/** Connects; ConnectionFailedError on refusal or timeout, the signal's reason on abort. */
export async function connectSocket(
  host: string,
  port: number,
  options: SocketConnectOptions = {},
): Promise<Socket> {
  const { signal, connectTimeoutMs = 10_000, what = "AirPlay channel" } = options;
  signal?.throwIfAborted();
  const socket = netConnect({ host, port });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error(`timed out after ${connectTimeoutMs} ms`)),
        connectTimeoutMs,
      );
      const onAbort = (): void =>
        fail(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        socket.off("connect", onConnect);
        socket.off("error", fail);
      };
      function onConnect(): void {
        cleanup();
        resolve();
      }
      function fail(error: Error): void {
        cleanup();
        reject(error);
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      socket.once("connect", onConnect);
      socket.once("error", fail);
    });
  } catch (cause) {
    socket.destroy();
    if (signal?.aborted && signal.reason === cause) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ConnectionFailedError(`could not open the ${what} at ${host}:${port}: ${reason}`, { cause });
  }
  return socket;
}
