/**
 * The device side of Companion pairing: pair-setup with the PIN the fake "shows" and pair-verify,
 * over @atv/hap-crypto's server state machines. One instance per client connection.
 */
import { PairSetupServer, PairVerifyServer } from "@atv/hap-crypto";
import { companionCipher } from "../auth.js";
import { encodeOpack } from "../codec/opack.js";
import type { FrameCipher } from "../connection.js";
import type { CompanionDeviceState } from "./state.js";

export interface DevicePairingOptions {
  state: CompanionDeviceState;
  ltsk: Uint8Array;
  pin: string | (() => string);
  /** Fixed secrets, only to replay captured vectors (never in normal use). */
  fixedSecrets?: FixedPairingSecrets;
}

/** Pair-setup salt and SRP b, and the pair-verify X25519 key; vectors only. */
export interface FixedPairingSecrets {
  salt?: Uint8Array;
  srpPrivateKey?: Uint8Array;
  ephemeralSecretKey?: Uint8Array;
}

export interface DevicePairingStep {
  reply: Uint8Array;
  /** Set once pair-verify succeeded: switch the connection to it after sending `reply`. */
  cipher?: FrameCipher;
  error?: Error;
}

export class DevicePairing {
  readonly #options: DevicePairingOptions;
  #setup: PairSetupServer | undefined;
  #verify: PairVerifyServer | undefined;

  constructor(options: DevicePairingOptions) {
    this.#options = options;
  }

  setup(data: Uint8Array): DevicePairingStep {
    const { state, ltsk, pin } = this.#options;
    this.#setup ??= new PairSetupServer({
      pairingId: state.identity.pairingId,
      ltsk,
      pin: typeof pin === "function" ? (): string => pin() : pin,
      info: encodeOpack({ name: state.identity.name, model: state.identity.model }),
      ...(this.#options.fixedSecrets?.salt ? { salt: this.#options.fixedSecrets.salt } : {}),
      ...(this.#options.fixedSecrets?.srpPrivateKey
        ? { srpPrivateKey: this.#options.fixedSecrets.srpPrivateKey }
        : {}),
    });
    const step = this.#setup.handle(data);
    if (step.paired) {
      state.pairings.set(
        Buffer.from(step.paired.clientId).toString("hex"),
        new Uint8Array(step.paired.clientLtpk),
      );
    }
    return step.error ? { reply: step.reply, error: step.error } : { reply: step.reply };
  }

  verify(data: Uint8Array): DevicePairingStep {
    const { state, ltsk } = this.#options;
    this.#verify ??= new PairVerifyServer({
      pairingId: state.identity.pairingId,
      ltsk,
      lookupController: (clientId) => state.pairings.get(Buffer.from(clientId).toString("hex")),
      ...(this.#options.fixedSecrets?.ephemeralSecretKey
        ? { ephemeralSecretKey: this.#options.fixedSecrets.ephemeralSecretKey }
        : {}),
    });
    const step = this.#verify.handle(data);
    if (step.error) return { reply: step.reply, error: step.error };
    if (!step.verified) return { reply: step.reply };
    state.hasAuthenticated = true;
    const cipher = companionCipher(step.verified.sharedSecret, "server");
    step.verified.sharedSecret.fill(0);
    return { reply: step.reply, cipher };
  }

  dispose(): void {
    this.#setup?.dispose();
    this.#verify?.dispose();
  }
}
