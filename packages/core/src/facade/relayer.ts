import { Protocol, nameOf } from "../enums.js";
import { BlockedStateError, InvalidStateError, NotSupportedError, ConnectionLostError } from "../errors.js";
import type { InterfaceName, InterfaceTypes } from "../interfaces.js";

/** Protocol priority for relaying calls and reporting features. */
export const defaultPriority: readonly Protocol[] = [
  Protocol.MRP,
  Protocol.DMAP,
  Protocol.Companion,
  Protocol.AirPlay,
  Protocol.RAOP,
];
/** Power prefers Companion. */
export const powerPriority: readonly Protocol[] = [
  Protocol.Companion,
  Protocol.MRP,
  Protocol.DMAP,
  Protocol.AirPlay,
  Protocol.RAOP,
];

/** Shared by every facade of one device: closed once (by close() or a lost connection), blocked for good. */
export class FacadeState {
  #closed = false;
  #lost: ConnectionLostError | undefined;
  readonly #controller = new AbortController();

  get closed(): boolean {
    return this.#closed;
  }

  /** The loss that closed the device, if that is how it closed. */
  get lost(): ConnectionLostError | undefined {
    return this.#lost;
  }

  /** Aborts when the device closes: for waits and iterators that must end with it. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Marks the device closed (once); `lost` says the connection was lost first. */
  close(lost?: ConnectionLostError): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#lost = lost;
    this.#controller.abort(lost ?? new BlockedStateError("the device was closed"));
  }

  guard(): void {
    if (!this.#closed) return;
    // After a loss every call keeps failing as the loss did (the shared functional suite
    // expects ConnectionLostError); after close() it is BlockedStateError, as pyatv.
    if (this.#lost)
      throw new ConnectionLostError(`the connection was lost (${this.#lost.message}); connect again`, {
        cause: this.#lost,
      });
    throw new BlockedStateError("the device is closed; connect again to use it");
  }
}

/**
 * Picks, per member, the highest-priority protocol that implements it; a
 * takeover routes everything to one protocol until released.
 */
export class Relayer<K extends InterfaceName> {
  readonly #instances = new Map<Protocol, Partial<InterfaceTypes[K]>>();
  #takeover: Protocol | undefined;

  constructor(
    readonly name: K,
    private readonly priority: readonly Protocol[] = defaultPriority,
  ) {}

  register(protocol: Protocol, instance: Partial<InterfaceTypes[K]>): void {
    if (!this.#instances.has(protocol)) this.#instances.set(protocol, instance);
  }

  get count(): number {
    return this.#instances.size;
  }

  /** Registered instances in priority order. */
  get instances(): Partial<InterfaceTypes[K]>[] {
    return this.priority
      .map((p) => this.#instances.get(p))
      .filter((i): i is Partial<InterfaceTypes[K]> => !!i);
  }

  /**
   * Candidates in pyatv's order: the protocol that took over (when it registered
   * this interface), then every registered protocol by priority.
   */
  #candidates(): Partial<InterfaceTypes[K]>[] {
    const taken = this.#takeover === undefined ? undefined : this.#instances.get(this.#takeover);
    const rest = this.instances.filter((i) => i !== taken);
    return taken ? [taken, ...rest] : rest;
  }

  /**
   * The instance calls go to when they do not name a member: the takeover
   * protocol's, else the highest priority. NotSupportedError when no protocol
   * registered this interface (never undefined).
   */
  get mainInstance(): Partial<InterfaceTypes[K]> {
    const first = this.#candidates()[0];
    if (!first) throw new NotSupportedError(`no connected protocol implements ${this.name}`);
    return first;
  }

  /**
   * The instance implementing `member`: the takeover protocol if it does, else the
   * highest-priority one that does (pyatv chains takeover, then priorities).
   * NotSupportedError when none does.
   */
  relay<M extends keyof InterfaceTypes[K] & string>(
    member: M,
  ): Partial<InterfaceTypes[K]> & Pick<InterfaceTypes[K], M> {
    for (const instance of this.#candidates()) {
      // `in` (not the value): a getter that returns undefined (no app playing) is still implemented.
      if (member in instance) {
        return instance as Partial<InterfaceTypes[K]> & Pick<InterfaceTypes[K], M>;
      }
    }
    throw new NotSupportedError(`${this.name}.${member} is not supported by any connected protocol`);
  }

  /** True if some protocol implements `member`. */
  supports(member: keyof InterfaceTypes[K] & string): boolean {
    try {
      this.relay(member);
      return true;
    } catch {
      return false;
    }
  }

  takeover(protocol: Protocol): void {
    if (this.#takeover !== undefined) {
      throw new InvalidStateError(
        `${this.name} is already taken over by ${nameOf(Protocol, this.#takeover)}`,
      );
    }
    this.#takeover = protocol;
  }

  release(): void {
    this.#takeover = undefined;
  }
}

/** Relays a call after checking that the device is not closed. */
export function relayCall<K extends InterfaceName, M extends keyof InterfaceTypes[K] & string>(
  state: FacadeState,
  relayer: Relayer<K>,
  member: M,
): InterfaceTypes[K][M] {
  state.guard();
  const instance = relayer.relay(member);
  const value = instance[member];
  return (typeof value === "function" ? value.bind(instance) : value) as InterfaceTypes[K][M];
}

/**
 * Runs a relayed call so that every failure, including a synchronous one
 * (closed device, nothing implements it), is a rejected promise: callers of a
 * Promise-returning facade method only ever need `.catch`/`await`.
 */
export function settle<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
