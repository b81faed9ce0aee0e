import { InvalidStateError } from "@atv/core";
import type { CompanionClient } from "./client.js";

/**
 * What Companion's capability objects share: the client once connected. The facade registers
 * capabilities (and their listeners) before it connects, so they hook in when it arrives.
 */
export class CompanionContext {
  #client: CompanionClient | undefined;
  readonly #hooks: ((client: CompanionClient) => void)[] = [];

  get client(): CompanionClient {
    if (!this.#client) throw new InvalidStateError("Companion is not connected");
    return this.#client;
  }

  get current(): CompanionClient | undefined {
    return this.#client;
  }

  whenConnected(hook: (client: CompanionClient) => void): void {
    if (this.#client) hook(this.#client);
    else this.#hooks.push(hook);
  }

  attach(client: CompanionClient): void {
    if (this.#client) throw new InvalidStateError("Companion context already has a client");
    this.#client = client;
    for (const hook of this.#hooks.splice(0)) hook(client);
  }
}
