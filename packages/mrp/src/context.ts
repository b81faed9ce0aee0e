import { InvalidStateError } from "@atv/core";
import type { MrpClient } from "./client.js";

/**
 * What MRP's capability objects share: the client once connected. The facade
 * registers capabilities (and their listeners) before it connects, so they
 * are built on this and hook into the client when it arrives, and again into
 * the next client when the setup reconnects after a close or a loss.
 */
export class MrpContext {
  readonly deviceId: string | undefined;
  #client: MrpClient | undefined;
  readonly #hooks = new Set<(client: MrpClient) => void>();

  constructor(deviceId?: string) {
    this.deviceId = deviceId;
  }

  /** The connected client (possibly closed since); InvalidStateError before the first connect. */
  get client(): MrpClient {
    if (!this.#client) throw new InvalidStateError("MRP is not connected");
    return this.#client;
  }

  /** The client if one was attached, else undefined. */
  get current(): MrpClient | undefined {
    return this.#client;
  }

  /** True while a client is attached and its session is open. */
  get connected(): boolean {
    return this.#client !== undefined && !this.#client.closed;
  }

  /**
   * Runs `hook` with the client now if one is attached, and with every client
   * attached later (reconnects). Returns a function that removes the hook.
   */
  whenConnected(hook: (client: MrpClient) => void): () => void {
    this.#hooks.add(hook);
    if (this.#client) hook(this.#client);
    return () => this.#hooks.delete(hook);
  }

  /** Hands a newly connected client to every capability; InvalidStateError while another one is open. */
  attach(client: MrpClient): void {
    if (this.connected) throw new InvalidStateError("MRP context already has an open client");
    this.#client = client;
    for (const hook of [...this.#hooks]) hook(client);
  }
}
