/**
 * The device side of MRP pairing: pair-setup (the PIN the fake "shows") and
 * pair-verify, over @atv/hap-crypto's server state machines. One instance per
 * client connection; `handle` answers one CryptoPairingMessage payload.
 */
import {
  decodeTlv8Map,
  deriveMrpSessionKeys,
  MessageCipher,
  PairSetupServer,
  PairVerifyServer,
  TlvType,
} from "@atv/hap-crypto";
import type { FrameCipher } from "../connection.js";
import type { MrpDeviceState } from "./state.js";

export interface DevicePairingOptions {
  state: MrpDeviceState;
  /** The device's Ed25519 long-term seed. */
  ltsk: Uint8Array;
  /** The PIN pair-setup accepts, or a function giving a fresh one per M1. */
  pin: string | (() => string);
}

export interface DevicePairingStep {
  reply: Uint8Array;
  /** Set once pair-verify succeeded: switch the connection to it after sending `reply`. */
  cipher?: FrameCipher;
  /** A failure the client caused (wrong PIN, unknown controller, …), for logs. */
  error?: Error;
}

export class DevicePairing {
  readonly #options: DevicePairingOptions;
  #setup: PairSetupServer | undefined;
  #verify: PairVerifyServer | undefined;
  #phase: "setup" | "verify" | undefined;

  constructor(options: DevicePairingOptions) {
    this.#options = options;
  }

  handle(pairingData: Uint8Array): DevicePairingStep {
    this.#phase = this.#phaseOf(pairingData) ?? this.#phase ?? "verify";
    return this.#phase === "setup" ? this.#handleSetup(pairingData) : this.#handleVerify(pairingData);
  }

  dispose(): void {
    this.#setup?.dispose();
    this.#verify?.dispose();
  }

  /** A State=1 message starts pair-setup when it names a Method, pair-verify otherwise. */
  #phaseOf(data: Uint8Array): "setup" | "verify" | undefined {
    try {
      const items = decodeTlv8Map(data);
      const state = items.get(TlvType.State);
      if (!state || state.length !== 1 || state[0] !== 1) return undefined;
      return items.has(TlvType.Method) ? "setup" : "verify";
    } catch {
      return undefined;
    }
  }

  #handleSetup(data: Uint8Array): DevicePairingStep {
    const { state, ltsk, pin } = this.#options;
    const pinOption = typeof pin === "function" ? (): string => pin() : pin;
    this.#setup ??= new PairSetupServer({ pairingId: state.identity.pairingId, ltsk, pin: pinOption });
    const step = this.#setup.handle(data);
    if (step.paired) {
      state.pairings.set(
        Buffer.from(step.paired.clientId).toString("hex"),
        new Uint8Array(step.paired.clientLtpk),
      );
    }
    return step.error ? { reply: step.reply, error: step.error } : { reply: step.reply };
  }

  #handleVerify(data: Uint8Array): DevicePairingStep {
    const { state, ltsk } = this.#options;
    this.#verify ??= new PairVerifyServer({
      pairingId: state.identity.pairingId,
      ltsk,
      lookupController: (clientId) => state.pairings.get(Buffer.from(clientId).toString("hex")),
    });
    const step = this.#verify.handle(data);
    if (step.error) return { reply: step.reply, error: step.error };
    if (!step.verified) return { reply: step.reply };
    state.hasAuthenticated = true;
    const cipher = new MessageCipher(deriveMrpSessionKeys(step.verified.sharedSecret, "server"));
    step.verified.sharedSecret.fill(0);
    return { reply: step.reply, cipher };
  }
}
