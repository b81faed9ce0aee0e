/**
 * AirPlay 1 legacy pair-verify, device side (airplay.md §5.3), sans-IO: `handle(path, body)` for
 * `POST /pair-verify`. Request 1 names the client by its Ed25519 public key, which must belong to a
 * paired client; request 2 must carry that key's signature over (client X25519 ‖ device X25519)
 * under the shared AES-CTR stream. Failures throw typed errors and reset the exchange.
 */
import type { Cipher } from "node:crypto";
import { ed25519, x25519 } from "@atv/hap-crypto";
import { ctrApply, verifyCtrStream } from "./crypto.js";
import { LegacyVerifyError, MalformedLegacyMessageError, mapHapCryptoError } from "./errors.js";
import { LEGACY_VERIFY_REQUEST_BYTES } from "./pair-verify-client.js";

export const LEGACY_PAIR_VERIFY_PATH = "/pair-verify";

export interface LegacyPairVerifyServerOptions {
  /** The device's Ed25519 seed (it signs request 1's answer with it). */
  seed: Uint8Array;
  /** True when `publicKey` (a client's Ed25519 key from legacy pair-setup) is paired. */
  isPaired: (publicKey: Uint8Array) => boolean;
  /** X25519 scalar for the device's ephemeral key, for replays only. Random per exchange by default. */
  ephemeralKey?: () => Uint8Array;
}

export type LegacyPairVerifyServerState = "idle" | "step1-done" | "verified";

export class LegacyPairVerifyServer {
  readonly #options: LegacyPairVerifyServerOptions;
  readonly #seed: Uint8Array;
  #state: LegacyPairVerifyServerState = "idle";
  #stream: Cipher | undefined;
  #signed: Uint8Array | undefined;
  #clientKey: Uint8Array | undefined;
  #verifiedKey: Uint8Array | undefined;

  constructor(options: LegacyPairVerifyServerOptions) {
    if (!(options.seed instanceof Uint8Array) || options.seed.length !== 32) {
      throw new RangeError("seed must be 32 bytes");
    }
    this.#options = options;
    this.#seed = new Uint8Array(options.seed);
  }

  get state(): LegacyPairVerifyServerState {
    return this.#state;
  }

  /** The Ed25519 public key of the client that verified last (undefined before). */
  get verifiedClient(): Uint8Array | undefined {
    return this.#verifiedKey;
  }

  handle(path: string, body: Uint8Array): Uint8Array {
    if (path !== LEGACY_PAIR_VERIFY_PATH) throw new RangeError(`not the legacy pair-verify path: ${path}`);
    try {
      if (!(body instanceof Uint8Array) || body.length !== LEGACY_VERIFY_REQUEST_BYTES) {
        throw new MalformedLegacyMessageError(
          `pair-verify: request must be ${LEGACY_VERIFY_REQUEST_BYTES} bytes, got ${body instanceof Uint8Array ? body.length : "none"}`,
        );
      }
      const flag = body[0];
      if (body[1] !== 0 || body[2] !== 0 || body[3] !== 0 || (flag !== 0 && flag !== 1)) {
        throw new MalformedLegacyMessageError(
          "pair-verify: request must start with 01 00 00 00 or 00 00 00 00",
        );
      }
      return flag === 1 ? this.#step1(body) : this.#step2(body);
    } catch (error) {
      this.#reset();
      throw mapHapCryptoError(error);
    }
  }

  dispose(): void {
    this.#reset();
    this.#seed.fill(0);
  }

  #step1(body: Uint8Array): Uint8Array {
    this.#reset();
    const clientPublic = body.slice(4, 36);
    const clientKey = body.slice(36, 68);
    if (!this.#options.isPaired(clientKey)) {
      throw new LegacyVerifyError("pair-verify: the client is not paired", { reason: "unknown-peer" });
    }
    const ephemeral = x25519.generateKeyPair(this.#options.ephemeralKey?.());
    const shared = x25519.sharedSecret(ephemeral.secretKey, clientPublic);
    ephemeral.secretKey.fill(0);
    const stream = verifyCtrStream(shared);
    shared.fill(0);
    const message = new Uint8Array(64);
    message.set(ephemeral.publicKey, 0);
    message.set(clientPublic, 32);
    const encrypted = ctrApply(stream, ed25519.sign(message, this.#seed));
    // What the client must sign in request 2: its X25519 key ‖ ours.
    const expected = new Uint8Array(64);
    expected.set(clientPublic, 0);
    expected.set(ephemeral.publicKey, 32);
    this.#stream = stream;
    this.#signed = expected;
    this.#clientKey = clientKey;
    this.#state = "step1-done";
    const out = new Uint8Array(96);
    out.set(ephemeral.publicKey, 0);
    out.set(encrypted, 32);
    return out;
  }

  #step2(body: Uint8Array): Uint8Array {
    if (this.#state !== "step1-done") {
      throw new LegacyVerifyError(`pair-verify: request 2 unexpected in state ${this.#state}`, {
        reason: "invalid-state",
      });
    }
    const signature = ctrApply(this.#stream as Cipher, body.subarray(4, 68));
    const clientKey = this.#clientKey as Uint8Array;
    if (!ed25519.verify(signature, this.#signed as Uint8Array, clientKey)) {
      throw new LegacyVerifyError("pair-verify: the client's signature does not verify", {
        reason: "bad-signature",
      });
    }
    this.#reset();
    this.#verifiedKey = clientKey;
    this.#state = "verified";
    return new Uint8Array();
  }

  #reset(): void {
    this.#stream = undefined;
    this.#signed = undefined;
    this.#clientKey = undefined;
    this.#state = "idle";
  }
}
