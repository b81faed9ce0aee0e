/** Pair-setup and pair-verify over Companion frames (companion.md §5), driving @atv/hap-crypto. */
import { PairingError, rethrowAsCore, type CallOptions } from "@atv/core";
import type { PairSetupClient } from "@atv/hap-crypto";
import {
  deriveCompanionSessionKeys,
  MessageCipher,
  PairVerifyClient,
  type HapPairingCredentials,
  type PairSetupResult,
} from "@atv/hap-crypto";
import { FrameType } from "./codec/frame.js";
import { encodeOpack } from "./codec/opack.js";
import { pairingData, pairingPayload, pairSetupPayload, pairVerifyStartPayload } from "./codec/pairing.js";
import type { FrameCipher } from "./connection.js";
import type { CompanionSession } from "./session.js";

type StepOptions = CallOptions & { timeoutMs?: number };

async function step(
  session: CompanionSession,
  type: number,
  payload: ReturnType<typeof pairingPayload>,
  options: StepOptions,
): Promise<Uint8Array> {
  const reply = pairingData(await session.exchangePairing(type, payload, options));
  if (!(reply instanceof Uint8Array)) {
    throw new PairingError(
      `the device refused pairing: ${reply.message}${reply.code === undefined ? "" : ` (${reply.code})`}`,
    );
  }
  return reply;
}

/** The Companion cipher for a pair-verify secret: HKDF `ClientEncrypt-main`/`ServerEncrypt-main`, LE96 nonces. */
export function companionCipher(sharedSecret: Uint8Array, role: "client" | "server"): FrameCipher {
  return new MessageCipher(deriveCompanionSessionKeys(sharedSecret, role), { nonce: "companion" });
}

/** The pair-setup state machine a pairing connection drives; M1 sent by `start`. */
export class CompanionPairSetup {
  readonly #session: CompanionSession;
  readonly #client: PairSetupClient;
  #m2: Uint8Array | undefined;

  constructor(session: CompanionSession, client: PairSetupClient) {
    this.#session = session;
    this.#client = client;
  }

  /** The 0x11 item Companion sends in M5: OPACK `{"name": …}`. */
  static info(name: string): Uint8Array {
    return encodeOpack({ name });
  }

  /** M1 → M2 (the device now shows a PIN). */
  async start(options: StepOptions = {}): Promise<void> {
    try {
      this.#m2 = await step(
        this.#session,
        FrameType.PS_Start,
        pairSetupPayload(this.#client.start()),
        options,
      );
    } catch (error) {
      rethrowAsCore(error, "Companion pair-setup failed");
    }
  }

  /** M3 … M6 with the PIN; returns the new credentials. */
  async finish(pin: string, options: StepOptions = {}): Promise<PairSetupResult> {
    const m2 = this.#m2;
    if (!m2) throw new PairingError("pair-setup was not started");
    this.#m2 = undefined;
    try {
      const m3 = this.#client.handleM2(m2, pin);
      const m4 = await step(this.#session, FrameType.PS_Next, pairSetupPayload(m3), options);
      const m5 = this.#client.handleM4(m4);
      const m6 = await step(this.#session, FrameType.PS_Next, pairSetupPayload(m5), options);
      return this.#client.handleM6(m6);
    } catch (error) {
      rethrowAsCore(error, "Companion pair-setup failed");
    } finally {
      this.#client.dispose();
    }
  }
}

/**
 * Runs pair-verify with stored credentials and returns the session cipher.
 * AuthenticationError when the device or its proof is wrong.
 */
export async function pairVerify(
  session: CompanionSession,
  credentials: HapPairingCredentials,
  options: StepOptions & { ephemeralSecretKey?: Uint8Array } = {},
): Promise<FrameCipher> {
  const verifier = new PairVerifyClient(
    credentials,
    options.ephemeralSecretKey ? { ephemeralSecretKey: options.ephemeralSecretKey } : {},
  );
  try {
    const m2 = await step(session, FrameType.PV_Start, pairVerifyStartPayload(verifier.start()), options);
    const m3 = verifier.handleM2(m2);
    // Whatever follows M4 in the same read is already encrypted: hold it until the cipher is on.
    session.connection.holdAfterNextFrame();
    let m4: Uint8Array;
    try {
      m4 = await step(session, FrameType.PV_Next, pairingPayload(m3), options);
    } catch (error) {
      session.connection.release();
      throw error;
    }
    const { sharedSecret } = verifier.handleM4(m4);
    const cipher = companionCipher(sharedSecret, "client");
    sharedSecret.fill(0);
    return cipher;
  } catch (error) {
    rethrowAsCore(error, "Companion pair-verify failed");
  } finally {
    verifier.dispose();
  }
}
