/**
 * Pair-setup, controller side, sans-IO: feed it the device's messages, send what it returns.
 *
 *   start() → M1 ─▶ device ─▶ M2 → handleM2(m2, pin) → M3 ─▶ device ─▶ M4
 *     → handleM4(m4) → M5 ─▶ device ─▶ M6 → handleM6(m6) → credentials
 *     → (transient) handleM4Transient(m4) → { sharedSecret: K }
 *
 * Every proof the device gives is checked: its SRP proof in M4 and its Ed25519 signature in M6.
 */
import { concatBytes, zeroize } from "../bytes.js";
import { hapCredentials, type HapPairingCredentials } from "../credentials.js";
import { PairingError } from "../errors.js";
import { ed25519 } from "../primitives/curves.js";
import { hkdfSha512 } from "../primitives/hkdf.js";
import { PairingKdf } from "../session-keys.js";
import { SrpClient } from "../srp.js";
import { TlvFlags, TlvMethod } from "../tlv8.js";
import {
  asHapError,
  invalidState,
  Nonce,
  openPairing,
  pairingIdBytes,
  pinText,
  sealPairing,
  TRANSIENT_PIN,
} from "./common.js";
import {
  decodePairSetupM2,
  decodePairSetupM4,
  decodePairSetupM6,
  decodeSubTlv,
  encodePairSetupM1,
  encodePairSetupM3,
  encodePairSetupM5,
  encodeSubTlv,
} from "./messages.js";

export interface PairSetupClientOptions {
  /** Our pairing identifier (a string is UTF-8 encoded). Default: a random lower-case UUID. */
  pairingId?: string | Uint8Array;
  /** The PIN shown by the device; may instead be given to `handleM2`. Numbers are zero-padded to 4 digits. */
  pin?: string | number;
  /** Transient pair-setup (Flags 0x10, PIN 3939): ends after M4 with a session secret. */
  transient?: boolean;
  /** Raw value of Apple's 0x11 item for M5 (Companion/AirPlay send OPACK `{ name }`; MRP sends none). */
  info?: Uint8Array;
  /** Our Ed25519 long-term seed (LTSK). Random when omitted; set only to replay test vectors. */
  ltsk?: Uint8Array;
  /** The SRP private value a. Random when omitted; set only to replay test vectors. */
  srpPrivateKey?: Uint8Array;
}

export type PairSetupClientState =
  "initial" | "awaiting-m2" | "awaiting-m4" | "awaiting-m6" | "done" | "failed";

/** Result of a normal pair-setup. */
export interface PairSetupResult {
  readonly credentials: HapPairingCredentials;
  /** The device's 0x11 item from M6, if any (Apple: OPACK dictionary about the device). */
  readonly info?: Uint8Array;
}

/** Result of transient pair-setup: the SRP session key K (64 bytes), used as the session secret. */
export interface TransientPairingResult {
  readonly sharedSecret: Uint8Array;
}

export class PairSetupClient {
  #state: PairSetupClientState = "initial";
  readonly #transient: boolean;
  readonly #pin: string | number | undefined;
  readonly #pairingId: Uint8Array;
  readonly #info: Uint8Array | undefined;
  readonly #ltsk: Uint8Array;
  readonly #ltpk: Uint8Array;
  readonly #srpPrivateKey: Uint8Array | undefined;
  #srp: SrpClient | undefined;
  #sessionKey: Uint8Array | undefined;
  #encryptKey: Uint8Array | undefined;

  constructor(options: PairSetupClientOptions = {}) {
    this.#transient = options.transient === true;
    if (options.pin !== undefined) pinText(options.pin);
    this.#pin = options.pin;
    this.#pairingId = pairingIdBytes(options.pairingId, "pairingId");
    this.#info = options.info === undefined ? undefined : new Uint8Array(options.info);
    const keys = ed25519.generateKeyPair(options.ltsk);
    this.#ltsk = keys.secretKey;
    this.#ltpk = keys.publicKey;
    this.#srpPrivateKey =
      options.srpPrivateKey === undefined ? undefined : new Uint8Array(options.srpPrivateKey);
  }

  get state(): PairSetupClientState {
    return this.#state;
  }

  /** Our pairing identifier (a copy). */
  get pairingId(): Uint8Array {
    return new Uint8Array(this.#pairingId);
  }

  /** M1: State=1, Method=PairSetup (+ Flags=Transient). */
  start(): Uint8Array {
    return this.#step("initial", "start", () => {
      this.#state = "awaiting-m2";
      return encodePairSetupM1({
        method: TlvMethod.PairSetup,
        ...(this.#transient ? { flags: TlvFlags.Transient } : {}),
      });
    });
  }

  /** Consumes M2 (salt, B) and returns M3 (A, proof). The PIN is needed from here on. */
  handleM2(m2: Uint8Array, pin?: string | number): Uint8Array {
    if (this.#state === "awaiting-m2" && !this.#transient && pin === undefined && this.#pin === undefined) {
      throw new TypeError("a PIN is required to answer M2");
    }
    return this.#step("awaiting-m2", "handle M2", () => {
      const message = decodePairSetupM2(m2);
      const password = this.#transient ? TRANSIENT_PIN : pinText(pin ?? (this.#pin as string | number));
      const srp = new SrpClient({
        salt: message.salt,
        password,
        ...(this.#srpPrivateKey === undefined ? {} : { privateKey: this.#srpPrivateKey }),
      });
      this.#srp = srp;
      srp.setServerPublicKey(message.publicKey);
      this.#state = "awaiting-m4";
      return encodePairSetupM3({ publicKey: srp.publicKey, proof: srp.proof });
    });
  }

  /** Consumes M4, verifies the device's SRP proof, and returns M5 (our encrypted identity). */
  handleM4(m4: Uint8Array): Uint8Array {
    if (this.#transient)
      throw invalidState("pair-setup", "handle M4 as normal pair-setup (use handleM4Transient)", this.#state);
    return this.#step("awaiting-m4", "handle M4", () => {
      const sessionKey = this.#verifyM4(m4);
      this.#encryptKey = hkdfSha512(sessionKey, PairingKdf.SetupEncrypt.salt, PairingKdf.SetupEncrypt.info);
      const controllerX = hkdfSha512(
        sessionKey,
        PairingKdf.SetupControllerSign.salt,
        PairingKdf.SetupControllerSign.info,
      );
      const material = concatBytes(controllerX, this.#pairingId, this.#ltpk);
      const signature = ed25519.sign(material, this.#ltsk);
      const plaintext = encodeSubTlv({
        identifier: this.#pairingId,
        publicKey: this.#ltpk,
        signature,
        ...(this.#info === undefined ? {} : { info: this.#info }),
      });
      const encryptedData = sealPairing(this.#encryptKey, Nonce.M5, plaintext);
      zeroize(controllerX, material, plaintext);
      this.#state = "awaiting-m6";
      return encodePairSetupM5({ encryptedData });
    });
  }

  /** Transient pair-setup: consumes M4, verifies the device's proof, and returns K. */
  handleM4Transient(m4: Uint8Array): TransientPairingResult {
    if (!this.#transient)
      throw invalidState("pair-setup", "finish transient pair-setup (not transient)", this.#state);
    return this.#step("awaiting-m4", "handle M4", () => {
      const sharedSecret = new Uint8Array(this.#verifyM4(m4));
      this.#finish();
      return { sharedSecret };
    });
  }

  /** Consumes M6, verifies the device's signature and returns the new credentials. */
  handleM6(m6: Uint8Array): PairSetupResult {
    return this.#step("awaiting-m6", "handle M6", () => {
      const message = decodePairSetupM6(m6);
      const plaintext = openPairing(
        this.#encryptKey as Uint8Array,
        Nonce.M6,
        message.encryptedData,
        "pair-setup",
        "M6",
      );
      const content = decodeSubTlv(plaintext, true);
      const deviceLtpk = content.publicKey as Uint8Array;
      const accessoryX = hkdfSha512(
        this.#sessionKey as Uint8Array,
        PairingKdf.SetupAccessorySign.salt,
        PairingKdf.SetupAccessorySign.info,
      );
      const material = concatBytes(accessoryX, content.identifier, deviceLtpk);
      const valid = ed25519.verify(content.signature, material, deviceLtpk);
      zeroize(accessoryX, material);
      if (!valid)
        throw new PairingError("pair-setup M6: the device's signature does not verify", {
          reason: "bad-signature",
        });
      const credentials = hapCredentials({
        ltpk: deviceLtpk,
        ltsk: this.#ltsk,
        atvId: content.identifier,
        clientId: this.#pairingId,
      });
      zeroize(plaintext);
      this.#finish();
      return content.info === undefined ? { credentials } : { credentials, info: content.info };
    });
  }

  /** Zeroes all key material; the client is unusable afterwards. Called automatically when done or failed. */
  dispose(): void {
    this.#srp?.dispose();
    this.#srp = undefined;
    zeroize(this.#sessionKey, this.#encryptKey, this.#ltsk, this.#srpPrivateKey);
    this.#sessionKey = undefined;
    this.#encryptKey = undefined;
    if (this.#state !== "done") this.#state = "failed";
  }

  #verifyM4(m4: Uint8Array): Uint8Array {
    const message = decodePairSetupM4(m4);
    const srp = this.#srp as SrpClient;
    if (!srp.verifyServerProof(message.proof)) {
      throw new PairingError("pair-setup M4: the device's SRP proof is wrong (it does not know the PIN)", {
        reason: "bad-proof",
      });
    }
    this.#sessionKey = srp.sessionKey;
    return this.#sessionKey;
  }

  #finish(): void {
    this.#state = "done";
    this.dispose();
  }

  #step<T>(expected: PairSetupClientState, action: string, run: () => T): T {
    if (this.#state !== expected) throw invalidState("pair-setup", action, this.#state);
    try {
      return run();
    } catch (error) {
      this.#state = "failed";
      this.dispose();
      throw asHapError(error, "pair-setup");
    }
  }
}
