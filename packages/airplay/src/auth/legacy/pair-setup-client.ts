/**
 * AirPlay 1 legacy pair-setup, client side (airplay.md §5.3), sans-IO. The caller POSTs
 * `/pair-pin-start` (empty body), then each body this returns to `/pair-setup-pin` and feeds the
 * response body back in.
 */
import { randomBytes } from "node:crypto";
import { ed25519, type LegacyCredentials, SrpClient } from "@atv/hap-crypto";
import { gcmSeal, setupAesKeyIv, toHexUpper } from "./crypto.js";
import { LegacyPairingError, mapHapCryptoError } from "./errors.js";
import { dataField, decodeBody, encodeBody } from "./messages.js";

export interface LegacyPairSetupClientOptions {
  /** 32-byte seed: Ed25519 seed, X25519 scalar and SRP private value at once. Random when omitted. */
  seed?: Uint8Array;
  /** 8-byte client identifier (SRP user name = its upper-case hex). Random when omitted. */
  clientId?: Uint8Array;
}

export type LegacyPairSetupClientState =
  "idle" | "step1-sent" | "step2-sent" | "step3-sent" | "done" | "failed";

/** A PIN as the device shows it: 1..16 decimal digits (a number is zero-padded to 4 digits). */
function normalizePin(pin: string | number): string {
  const text = typeof pin === "number" ? String(pin).padStart(4, "0") : pin;
  if (!/^[0-9]{1,16}$/.test(text)) throw new RangeError("PIN must be 1..16 decimal digits");
  return text;
}

export class LegacyPairSetupClient {
  readonly #seed: Uint8Array;
  readonly #clientId: Uint8Array;
  #state: LegacyPairSetupClientState = "idle";
  #srp: SrpClient | undefined;
  #sessionKey: Uint8Array | undefined;

  constructor(options: LegacyPairSetupClientOptions = {}) {
    const seed = options.seed ?? new Uint8Array(randomBytes(32));
    const clientId = options.clientId ?? new Uint8Array(randomBytes(8));
    if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new RangeError("seed must be 32 bytes");
    if (!(clientId instanceof Uint8Array) || clientId.length < 1 || clientId.length > 32) {
      throw new RangeError("clientId must be 1..32 bytes");
    }
    this.#seed = new Uint8Array(seed);
    this.#clientId = new Uint8Array(clientId);
  }

  get state(): LegacyPairSetupClientState {
    return this.#state;
  }

  /** The SRP user name: the client id as upper-case hex. */
  get username(): string {
    return toHexUpper(this.#clientId);
  }

  /** Body of the first `/pair-setup-pin`: bplist `{method: "pin", user: <16 hex>}`. */
  step1(): Uint8Array {
    this.#expect("idle");
    this.#state = "step1-sent";
    return encodeBody({ method: "pin", user: this.username });
  }

  /** Takes the device's `{pk: B, salt}`; returns `{pk: A, proof: M1}` for the PIN shown on screen. */
  step2(response: Uint8Array, pin: string | number): Uint8Array {
    this.#expect("step1-sent");
    const password = normalizePin(pin);
    return this.#guard(() => {
      const dict = decodeBody(response, "pair-setup-pin step 1 response");
      const b = dataField(dict, "pk", "pair-setup-pin step 1 response", 1, 256);
      const salt = dataField(dict, "salt", "pair-setup-pin step 1 response", 1, 64);
      const srp = new SrpClient({
        group: "airplay-legacy",
        salt,
        username: this.username,
        password,
        privateKey: this.#seed,
      });
      this.#srp = srp;
      srp.setServerPublicKey(b);
      this.#state = "step2-sent";
      return encodeBody({ pk: srp.publicKey, proof: srp.proof });
    });
  }

  /** Takes the device's `{proof: M2}` (checked); returns `{epk, authTag}`: our Ed25519 key under AES-GCM. */
  step3(response: Uint8Array): Uint8Array {
    this.#expect("step2-sent");
    return this.#guard(() => {
      const dict = decodeBody(response, "pair-setup-pin step 2 response");
      const m2 = dataField(dict, "proof", "pair-setup-pin step 2 response", 20);
      const srp = this.#srp as SrpClient;
      if (!srp.verifyServerProof(m2)) {
        throw new LegacyPairingError(
          "legacy pair-setup: the device's SRP proof is wrong (it does not know the PIN)",
          {
            reason: "bad-proof",
          },
        );
      }
      this.#sessionKey = srp.sessionKey;
      srp.dispose();
      this.#srp = undefined;
      const { key, iv } = setupAesKeyIv(this.#sessionKey);
      const { ciphertext, tag } = gcmSeal(key, iv, ed25519.getPublicKey(this.#seed));
      key.fill(0);
      this.#state = "step3-sent";
      return encodeBody({ authTag: tag, epk: ciphertext });
    });
  }

  /**
   * Takes the device's answer to step 3 (pyatv ignores it, and so do we: its content is not
   * specified) and returns the credentials to store (`formatCredentials` → `:<seed>::<client id>`).
   */
  finish(_response?: Uint8Array): LegacyCredentials {
    this.#expect("step3-sent");
    this.#state = "done";
    this.#sessionKey?.fill(0);
    this.#sessionKey = undefined;
    return { kind: "legacy", ltsk: new Uint8Array(this.#seed), clientId: new Uint8Array(this.#clientId) };
  }

  /** Zeroes the secrets this object holds; the object is unusable afterwards. */
  dispose(): void {
    this.#srp?.dispose();
    this.#srp = undefined;
    this.#sessionKey?.fill(0);
    this.#seed.fill(0);
    if (this.#state !== "done") this.#state = "failed";
  }

  #expect(state: LegacyPairSetupClientState): void {
    if (this.#state !== state) {
      throw new LegacyPairingError(`legacy pair-setup: step called in state ${this.#state}`, {
        reason: "invalid-state",
      });
    }
  }

  #guard<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      this.#state = "failed";
      this.#srp?.dispose();
      this.#srp = undefined;
      throw mapHapCryptoError(error);
    }
  }
}
