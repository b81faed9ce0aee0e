/** Opening a TCP connection with a timeout, an AbortSignal and a typed error: every protocol's client side. */
import { connect as netConnect, type Socket } from "node:net";
import { ConnectionFailedError } from "../errors.js";

export interface ConnectTcpOptions {
  /** Cancels connecting; `undefined` is accepted so callers can pass their own optional signal through. */
  signal?: AbortSignal | undefined;
  /** Give up connecting after this long. Default 10 s. */
  timeoutMs?: number | undefined;
  /** TCP keep-alive: `true`, or the initial delay in ms (`setKeepAlive(true, ms)`). Default off. */
  keepAlive?: boolean | number;
  /** Disable Nagle's algorithm on the connected socket. Default off (the connection classes set it). */
  noDelay?: boolean;
  /** What is being connected to, for the error message (`MRP`, `the data channel`); default just the address. */
  label?: string;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connects to `host:port`. Rejects with ConnectionFailedError (naming the label, address and reason) on
 * refusal or timeout, and with the signal's reason when it is aborted; the half-open socket is destroyed
 * and every listener this call added is removed either way.
 */
export async function connectTcp(
  host: string,
  port: number,
  options: ConnectTcpOptions = {},
): Promise<Socket> {
  options.signal?.throwIfAborted();
  const socket = netConnect({ host, port });
  if (options.keepAlive !== undefined && options.keepAlive !== false) {
    socket.setKeepAlive(true, options.keepAlive === true ? 0 : options.keepAlive);
  }
  await awaitConnect(socket, host, port, options);
  if (options.noDelay) socket.setNoDelay(true);
  return socket;
}

/**
 * Waits for a connecting socket's `connect` event (exported for tests: a socket that never connects
 * makes the timeout and abort paths deterministic). On failure the socket is destroyed.
 */
export async function awaitConnect(
  socket: Socket,
  host: string,
  port: number,
  options: Pick<ConnectTcpOptions, "signal" | "timeoutMs" | "label"> = {},
): Promise<void> {
  const { signal, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, label } = options;
  try {
    signal?.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      const onAbort = (): void => fail(signal?.reason);
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
      function fail(error: unknown): void {
        cleanup();
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the signal's reason, rethrown as it is
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
    const target = label ? `${label} at ${host}:${port}` : `${host}:${port}`;
    throw new ConnectionFailedError(`could not connect to ${target}: ${reason}`, { cause });
  }
}
