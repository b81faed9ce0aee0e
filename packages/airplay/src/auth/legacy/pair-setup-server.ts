/**
 * AirPlay 1 legacy pair-setup, device side (airplay.md §5.3), sans-IO: `handle(path, body)` for
 * `POST /pair-pin-start` and `POST /pair-setup-pin`, returning the response body. Failures throw
 * typed errors (the HTTP layer answers them with an error status) and reset the exchange.
 */
import { randomBytes, randomInt } from "node:crypto";
import { ed25519, SrpServer } from "@atv/hap-crypto";
import { gcmOpen, gcmSeal, setupAesKeyIv } from "./crypto.js";
import { LegacyPairingError, MalformedLegacyMessageError, mapHapCryptoError } from "./errors.js";
import type { PlistDict } from "../../plist/index.js";
import { dataField, decodeBody, encodeBody, stringField } from "./messages.js";

export const LEGACY_PIN_START_PATH = "/pair-pin-start";
export const LEGACY_PAIR_SETUP_PATH = "/pair-setup-pin";

/** A client that completed legacy pair-setup. */
export interface LegacyPairedClient {
  /** The SRP user name the client sent (its id as upper-case hex). */
  readonly username: string;
  /** Its Ed25519 public key (from step 3), which pair-verify checks signatures against. */
  readonly publicKey: Uint8Array;
}

export interface LegacyPairSetupServerOptions {
  /**
   * The PIN: a fixed string of 1..16 digits, or a function called on each `/pair-pin-start` (the
   * simulator shows what it returns). Default: a fresh random 4-digit PIN per `/pair-pin-start`.
   */
  pin?: string | (() => string);
  /** Called with the PIN chosen on `/pair-pin-start` (what a TV would show on screen). */
  onPin?: (pin: string) => void;
  /** Called when a client completed step 3. */
  onPaired?: (client: LegacyPairedClient) => void;
  /** The device's Ed25519 seed; its public key is what the step-3 answer carries. Random when omitted. */
  seed?: Uint8Array;
  /** Fixed salt and SRP private value, for replays only. */
  salt?: Uint8Array;
  srpPrivateKey?: Uint8Array;
  /** Require `/pair-pin-start` before step 1 (as a TV does). Default true. */
  requirePinStart?: boolean;
}

export type LegacyPairSetupServerState = "idle" | "pin-shown" | "step1-done" | "step2-done";

export class LegacyPairSetupServer {
  readonly #options: LegacyPairSetupServerOptions;
  readonly #seed: Uint8Array;
  #state: LegacyPairSetupServerState = "idle";
  #pin: string | undefined;
  #username: string | undefined;
  #srp: SrpServer | undefined;
  #sessionKey: Uint8Array | undefined;
  readonly #paired = new Map<string, LegacyPairedClient>();

  constructor(options: LegacyPairSetupServerOptions = {}) {
    this.#options = options;
    if (typeof options.pin === "string") checkPin(options.pin);
    this.#seed = options.seed === undefined ? new Uint8Array(randomBytes(32)) : new Uint8Array(options.seed);
    if (this.#seed.length !== 32) throw new RangeError("seed must be 32 bytes");
  }

  get state(): LegacyPairSetupServerState {
    return this.#state;
  }

  /** Clients paired through this server, by user name. */
  get pairedClients(): ReadonlyMap<string, LegacyPairedClient> {
    return this.#paired;
  }

  /** Answers one request body; throws a typed error (and resets) on a bad request. */
  handle(path: string, body: Uint8Array): Uint8Array {
    if (path === LEGACY_PIN_START_PATH) return this.#pinStart();
    if (path !== LEGACY_PAIR_SETUP_PATH) throw new RangeError(`not a legacy pair-setup path: ${path}`);
    try {
      const dict = decodeBody(body, "pair-setup-pin request");
      if ("method" in dict || "user" in dict) return this.#step1(dict);
      if ("proof" in dict) return this.#step2(dict);
      if ("epk" in dict || "authTag" in dict) return this.#step3(dict);
      throw new MalformedLegacyMessageError("pair-setup-pin request: no known keys");
    } catch (error) {
      this.#reset(this.#pin === undefined ? "idle" : "pin-shown");
      throw mapHapCryptoError(error);
    }
  }

  dispose(): void {
    this.#reset("idle");
    this.#seed.fill(0);
  }

  #pinStart(): Uint8Array {
    const option = this.#options.pin;
    const pin =
      typeof option === "function" ? option() : (option ?? String(randomInt(0, 10000)).padStart(4, "0"));
    checkPin(pin);
    this.#reset("pin-shown");
    this.#pin = pin;
    this.#options.onPin?.(pin);
    return new Uint8Array();
  }

  #step1(dict: PlistDict): Uint8Array {
    const what = "pair-setup-pin step 1";
    const method = stringField(dict, "method", what, 16);
    if (method !== "pin") throw new MalformedLegacyMessageError(`${what}: unsupported method "${method}"`);
    const username = stringField(dict, "user", what, 64);
    if (this.#pin === undefined) {
      if (this.#options.requirePinStart !== false || typeof this.#options.pin !== "string") {
        throw new LegacyPairingError(`${what}: no PIN on screen (POST /pair-pin-start first)`, {
          reason: "pin-required",
        });
      }
      this.#pin = this.#options.pin;
    }
    this.#srp?.dispose();
    const salt = this.#options.salt ?? new Uint8Array(randomBytes(16));
    const srp = new SrpServer({
      group: "airplay-legacy",
      salt,
      username,
      password: this.#pin,
      ...(this.#options.srpPrivateKey === undefined ? {} : { privateKey: this.#options.srpPrivateKey }),
    });
    this.#srp = srp;
    this.#username = username;
    this.#state = "step1-done";
    return encodeBody({ pk: srp.publicKey, salt });
  }

  #step2(dict: PlistDict): Uint8Array {
    const what = "pair-setup-pin step 2";
    this.#expect("step1-done", what);
    const a = dataField(dict, "pk", what, 1, 256);
    const m1 = dataField(dict, "proof", what, 20);
    const srp = this.#srp as SrpServer;
    srp.setClientPublicKey(a);
    if (!srp.verifyClientProof(m1)) {
      throw new LegacyPairingError(`${what}: wrong PIN (the client's SRP proof does not match)`, {
        reason: "wrong-pin",
      });
    }
    this.#sessionKey = srp.sessionKey;
    this.#state = "step2-done";
    return encodeBody({ proof: srp.proof });
  }

  #step3(dict: PlistDict): Uint8Array {
    const what = "pair-setup-pin step 3";
    this.#expect("step2-done", what);
    const epk = dataField(dict, "epk", what, 32);
    const tag = dataField(dict, "authTag", what, 16);
    const { key, iv } = setupAesKeyIv(this.#sessionKey as Uint8Array);
    const clientKey = gcmOpen(key, iv, epk, tag);
    if (clientKey === undefined) {
      key.fill(0);
      throw new LegacyPairingError(`${what}: the encrypted public key does not authenticate`, {
        reason: "decrypt-failed",
      });
    }
    // Our answer mirrors the request: the device's Ed25519 public key under the same key (pyatv ignores it).
    const sealed = gcmSeal(key, iv, ed25519.getPublicKey(this.#seed));
    key.fill(0);
    const client: LegacyPairedClient = { username: this.#username as string, publicKey: clientKey };
    this.#paired.set(client.username, client);
    this.#reset("idle");
    this.#pin = undefined;
    this.#options.onPaired?.(client);
    return encodeBody({ authTag: sealed.tag, epk: sealed.ciphertext });
  }

  #expect(state: LegacyPairSetupServerState, what: string): void {
    if (this.#state !== state) {
      throw new LegacyPairingError(`${what}: unexpected in state ${this.#state}`, {
        reason: "invalid-state",
      });
    }
  }

  #reset(state: LegacyPairSetupServerState): void {
    this.#srp?.dispose();
    this.#srp = undefined;
    this.#sessionKey?.fill(0);
    this.#sessionKey = undefined;
    this.#username = undefined;
    this.#state = state;
  }
}

function checkPin(pin: string): void {
  if (typeof pin !== "string" || !/^[0-9]{1,16}$/.test(pin))
    throw new RangeError("PIN must be 1..16 decimal digits");
}
