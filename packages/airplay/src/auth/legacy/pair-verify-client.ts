/**
 * AirPlay 1 legacy pair-verify, client side (airplay.md §5.3), sans-IO. Raw bodies for
 * `POST /pair-verify` (`Content-Type: application/octet-stream`). No session keys result: the
 * connection stays in clear text afterwards.
 *
 * The device's 64-byte blob in response 1 is its signature under the shared AES-CTR stream; legacy
 * pairing never gives the client the device's long-term key, so (like pyatv) we cannot check it —
 * a device that does not know our key answers request 2 with an HTTP error instead.
 */
import { ed25519, type LegacyCredentials, x25519 } from "@atv/hap-crypto";
import { ctrApply, verifyCtrStream } from "./crypto.js";
import { LegacyVerifyError, MalformedLegacyMessageError, mapHapCryptoError } from "./errors.js";

export type LegacyPairVerifyClientState = "idle" | "step1-sent" | "step2-sent" | "done" | "failed";

/** Request 1 = 68 bytes; response 1 = 96 bytes; request 2 = 68 bytes. */
export const LEGACY_VERIFY_REQUEST_BYTES = 68;
export const LEGACY_VERIFY_RESPONSE_BYTES = 96;

export class LegacyPairVerifyClient {
  #state: LegacyPairVerifyClientState = "idle";
  #seed: Uint8Array | undefined;
  #publicKey: Uint8Array | undefined;

  get state(): LegacyPairVerifyClientState {
    return this.#state;
  }

  /** `01 00 00 00` ‖ X25519 public key of the seed ‖ Ed25519 public key of the seed. */
  step1(credentials: LegacyCredentials): Uint8Array {
    this.#expect("idle");
    if (
      credentials?.kind !== "legacy" ||
      !(credentials.ltsk instanceof Uint8Array) ||
      credentials.ltsk.length !== 32
    ) {
      throw new RangeError("legacy pair-verify needs legacy credentials with a 32-byte seed");
    }
    this.#seed = new Uint8Array(credentials.ltsk);
    this.#publicKey = x25519.getPublicKey(this.#seed);
    const out = new Uint8Array(LEGACY_VERIFY_REQUEST_BYTES);
    out[0] = 1;
    out.set(this.#publicKey, 4);
    out.set(ed25519.getPublicKey(this.#seed), 36);
    this.#state = "step1-sent";
    return out;
  }

  /** Takes `device X25519 public (32) ‖ encrypted device signature (64)`; returns `00 00 00 00` ‖ our encrypted signature. */
  step2(response: Uint8Array): Uint8Array {
    this.#expect("step1-sent");
    try {
      if (!(response instanceof Uint8Array) || response.length !== LEGACY_VERIFY_RESPONSE_BYTES) {
        throw new MalformedLegacyMessageError(
          `legacy pair-verify: response 1 must be ${LEGACY_VERIFY_RESPONSE_BYTES} bytes, got ${response instanceof Uint8Array ? response.length : "none"}`,
        );
      }
      const seed = this.#seed as Uint8Array;
      const devicePublic = response.subarray(0, 32);
      const shared = x25519.sharedSecret(seed, devicePublic);
      const stream = verifyCtrStream(shared);
      shared.fill(0);
      ctrApply(stream, response.subarray(32, 96)); // the device's signature takes the first 64 keystream bytes
      const message = new Uint8Array(64);
      message.set(this.#publicKey as Uint8Array, 0);
      message.set(devicePublic, 32);
      const encrypted = ctrApply(stream, ed25519.sign(message, seed));
      const out = new Uint8Array(LEGACY_VERIFY_REQUEST_BYTES);
      out.set(encrypted, 4);
      this.#state = "step2-sent";
      return out;
    } catch (error) {
      this.#fail();
      throw mapHapCryptoError(error);
    }
  }

  /** The device's answer to request 2 (empty on success; pyatv ignores it). Ends the exchange. */
  finish(_response?: Uint8Array): void {
    this.#expect("step2-sent");
    this.#state = "done";
    this.#seed?.fill(0);
    this.#seed = undefined;
  }

  dispose(): void {
    this.#seed?.fill(0);
    this.#seed = undefined;
    if (this.#state !== "done") this.#state = "failed";
  }

  #fail(): void {
    this.#state = "failed";
    this.#seed?.fill(0);
    this.#seed = undefined;
  }

  #expect(state: LegacyPairVerifyClientState): void {
    if (this.#state !== state) {
      throw new LegacyVerifyError(`legacy pair-verify: step called in state ${this.#state}`, {
        reason: "invalid-state",
      });
    }
  }
}
