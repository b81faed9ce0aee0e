import { InvalidStateError } from "@atv/core";
import type { MrpClient } from "./client.js";

/**
 * What MRP's capability objects share: the client once connected. The facade
 * registers capabilities (and their listeners) before it connects, so they
 * are built on this and hook into the client when it arrives.
 */
export class MrpContext {
  readonly deviceId: string | undefined;
  #client: MrpClient | undefined;
  #hooks: ((client: MrpClient) => void)[] = [];

  constructor(deviceId?: string) {
    this.deviceId = deviceId;
  }

  /** The connected client; InvalidStateError before connect. */
  get client(): MrpClient {
    if (!this.#client) throw new InvalidStateError("MRP is not connected");
    return this.#client;
  }

  /** The client if connected, else undefined. */
  get current(): MrpClient | undefined {
    return this.#client;
  }

  /** Runs `hook` with the client: now if connected, else once it connects. */
  whenConnected(hook: (client: MrpClient) => void): void {
    if (this.#client) hook(this.#client);
    else this.#hooks.push(hook);
  }

  /** Hands the connected client to every capability (once). */
  attach(client: MrpClient): void {
    if (this.#client) throw new InvalidStateError("MRP context already has a client");
    this.#client = client;
    const hooks = this.#hooks.splice(0);
    for (const hook of hooks) hook(client);
  }
}
