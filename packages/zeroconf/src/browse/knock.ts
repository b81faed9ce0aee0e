/**
 * "Knocking" (zeroconf.md §5): a TCP connection to a few well-known ports wakes a
 * sleeping Apple device. Connect, hold 100 ms, close; every error is ignored.
 */
import { connect, type Socket } from "node:net";
import type { ZeroconfLogger } from "./types.js";

export const KNOCK_PORTS = [3689, 7000, 49152, 32498] as const;
const HOLD_MS = 100;

export interface Knocker {
  /** Resolves when every knock finished (connected and closed, failed or timed out). */
  readonly done: Promise<void>;
  /** Aborts knocks still in progress. Idempotent. */
  stop(): void;
}

export function knock(
  hosts: readonly string[],
  ports: readonly number[],
  connectTimeoutMs: number,
  logger?: ZeroconfLogger,
): Knocker {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const unreachable = new Set<string>();
  const one = (host: string, port: number): Promise<void> =>
    new Promise((resolve) => {
      if (unreachable.has(host)) return resolve();
      const socket = connect({ host, port });
      sockets.add(socket);
      const finish = (): void => {
        clearTimeout(timer);
        timers.delete(timer);
        sockets.delete(socket);
        socket.destroy();
        resolve();
      };
      const timer = setTimeout(finish, Math.max(1, connectTimeoutMs));
      timers.add(timer);
      socket.once("connect", () => {
        logger?.debug(`knocked ${host}:${port}`);
        clearTimeout(timer);
        const hold = setTimeout(finish, HOLD_MS);
        timers.add(hold);
        socket.once("close", () => {
          clearTimeout(hold);
          timers.delete(hold);
        });
      });
      socket.once("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "EHOSTDOWN" || error.code === "EHOSTUNREACH") unreachable.add(host);
        finish();
      });
      socket.once("close", () => {
        sockets.delete(socket);
        resolve();
      });
    });
  const done = Promise.all(hosts.flatMap((h) => ports.map((p) => one(h, p)))).then(() => undefined);
  return {
    done,
    stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
  };
}
