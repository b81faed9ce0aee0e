/**
 * Pair-verify, controller side, sans-IO:
 *
 *   start() → M1 ─▶ device ─▶ M2 → handleM2(m2) → M3 ─▶ device ─▶ M4 → handleM4(m4) → { sharedSecret }
 *
 * M2 is checked completely: it must decrypt, name the accessory of the stored credentials and carry
 * a valid signature by that accessory's long-term key. M4 is checked for an `Error` item.
 * Derive transport keys from `sharedSecret` with `deriveMrpSessionKeys` & co., then zero it.
 */
import { concatBytes, equalBytes, zeroize } from "../bytes.js";
import { hapCredentials, type HapPairingCredentials } from "../credentials.js";
import { AuthenticationError } from "../errors.js";
import { ed25519, x25519 } from "../primitives/curves.js";
import { hkdfSha512 } from "../primitives/hkdf.js";
import { PairingKdf } from "../session-keys.js";
import { asHapError, invalidState, Nonce, openPairing, sealPairing } from "./common.js";
import {
  decodePairVerifyM2,
  decodePairVerifyM4,
  decodeSubTlv,
  encodePairVerifyM1,
  encodePairVerifyM3,
  encodeSubTlv,
} from "./messages.js";

export interface PairVerifyClientOptions {
  /** Our ephemeral X25519 secret. Random when omitted; set only to replay test vectors. */
  ephemeralSecretKey?: Uint8Array;
}

export type PairVerifyClientState = "initial" | "awaiting-m2" | "awaiting-m4" | "done" | "failed";

export interface PairVerifyResult {
  /** The X25519 shared secret X (32 bytes): the input of every transport key derivation. */
  readonly sharedSecret: Uint8Array;
}

export class PairVerifyClient {
  #state: PairVerifyClientState = "initial";
  readonly #credentials: HapPairingCredentials;
  readonly #ephemeral: { secretKey: Uint8Array; publicKey: Uint8Array };
  #sharedSecret: Uint8Array | undefined;

  constructor(credentials: HapPairingCredentials, options: PairVerifyClientOptions = {}) {
    if (credentials?.kind !== "hap") {
      throw new TypeError(
        `pair-verify needs HAP credentials, got ${String((credentials as { kind?: unknown })?.kind)}`,
      );
    }
    this.#credentials = hapCredentials(credentials);
    this.#ephemeral = x25519.generateKeyPair(options.ephemeralSecretKey);
  }

  get state(): PairVerifyClientState {
    return this.#state;
  }

  /** M1: State=1, PublicKey = our ephemeral X25519 key. */
  start(): Uint8Array {
    return this.#step("initial", "start", () => {
      this.#state = "awaiting-m2";
      return encodePairVerifyM1({ publicKey: this.#ephemeral.publicKey });
    });
  }

  /** Verifies M2 (identity and signature of the accessory) and returns M3 (our signature). */
  handleM2(m2: Uint8Array): Uint8Array {
    return this.#step("awaiting-m2", "handle M2", () => {
      const message = decodePairVerifyM2(m2);
      const devicePublicKey = message.publicKey;
      const shared = x25519.sharedSecret(this.#ephemeral.secretKey, devicePublicKey);
      this.#sharedSecret = shared;
      const key = hkdfSha512(shared, PairingKdf.VerifyEncrypt.salt, PairingKdf.VerifyEncrypt.info);
      const plaintext = openPairing(key, Nonce.VerifyM2, message.encryptedData, "pair-verify", "M2");
      const content = decodeSubTlv(plaintext, false);
      if (!equalBytes(content.identifier, this.#credentials.atvId)) {
        zeroize(key);
        throw new AuthenticationError(
          "pair-verify M2: the device's identifier differs from the paired device's",
          {
            reason: "identity-mismatch",
          },
        );
      }
      const deviceMaterial = concatBytes(devicePublicKey, content.identifier, this.#ephemeral.publicKey);
      if (!ed25519.verify(content.signature, deviceMaterial, this.#credentials.ltpk)) {
        zeroize(key);
        throw new AuthenticationError("pair-verify M2: the device's signature does not verify", {
          reason: "bad-signature",
        });
      }
      const ourMaterial = concatBytes(this.#ephemeral.publicKey, this.#credentials.clientId, devicePublicKey);
      const signature = ed25519.sign(ourMaterial, this.#credentials.ltsk);
      const inner = encodeSubTlv({ identifier: this.#credentials.clientId, signature });
      const encryptedData = sealPairing(key, Nonce.VerifyM3, inner);
      zeroize(key, inner, plaintext);
      this.#state = "awaiting-m4";
      return encodePairVerifyM3({ encryptedData });
    });
  }

  /** Checks M4 (an `Error` item means the device rejected us) and returns the shared secret. */
  handleM4(m4: Uint8Array): PairVerifyResult {
    return this.#step("awaiting-m4", "handle M4", () => {
      decodePairVerifyM4(m4);
      const sharedSecret = new Uint8Array(this.#sharedSecret as Uint8Array);
      this.#state = "done";
      this.dispose();
      return { sharedSecret };
    });
  }

  /** Zeroes our ephemeral secret, the shared secret we hold and our copy of the credentials' LTSK. */
  dispose(): void {
    zeroize(this.#ephemeral.secretKey, this.#sharedSecret, this.#credentials.ltsk);
    this.#sharedSecret = undefined;
    if (this.#state !== "done") this.#state = "failed";
  }

  #step<T>(expected: PairVerifyClientState, action: string, run: () => T): T {
    if (this.#state !== expected) throw invalidState("pair-verify", action, this.#state);
    try {
      return run();
    } catch (error) {
      this.#state = "failed";
      this.dispose();
      throw asHapError(error, "pair-verify");
    }
  }
}
