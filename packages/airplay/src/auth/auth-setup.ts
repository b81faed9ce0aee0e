/**
 * `/auth-setup`: the MFi-SAP handshake AirPort Express receivers expect before RAOP streaming
 * (airplay.md §5.4, raop.md §4). Sans-IO, both roles.
 *
 * Client (as pyatv sends it): `POST /auth-setup HTTP/1.1`, `Content-Type: application/octet-stream`,
 * body = `01` ("unencrypted") ‖ a fixed 32-byte Curve25519 public key (owntone's). The device's
 * answer (its public key, its MFi certificate and a signature, ~1076 bytes) is not verified — pyatv
 * ignores it, and so do we; `parseAuthSetupResponse` only describes it (for logs) and never throws.
 * A non-2xx status is the HTTP layer's error, as in pyatv.
 *
 * Device (`AuthSetupServer`, for the simulator's AirPort Express): accepts the 33-byte mode-1 body
 * and answers with a response of the same shape as a real device's, with a stand-in certificate
 * (Apple's MFi certificate and the chip's signing key obviously are not available).
 */
import { randomBytes } from "node:crypto";
import { x25519 } from "@atv/hap-crypto";
import { MalformedLegacyMessageError } from "./legacy/errors.js";

export const AUTH_SETUP_PATH = "/auth-setup";
export const AUTH_SETUP_CONTENT_TYPE = "application/octet-stream";
/** Mode byte: 1 = proceed unencrypted (what pyatv sends); 2 would carry an MFi-SAP-encrypted AES key. */
export const AUTH_SETUP_MODE_UNENCRYPTED = 1;
export const AUTH_SETUP_MODE_ENCRYPTED = 2;

/** The Curve25519 public key pyatv sends (taken from owntone); nothing is ever derived from it. */
export const AUTH_SETUP_CLIENT_PUBLIC_KEY: Uint8Array = Uint8Array.from(
  Buffer.from("5902ede90d4ef2bd4cb68a6330038207a94dbd50d8aa465b5d8c012a0c7e1d4e", "hex"),
);

export const AUTH_SETUP_REQUEST_BYTES = 33;

/** The request body: `01` ‖ the fixed public key (a fresh copy per call). */
export function authSetupRequestBody(): Uint8Array {
  const body = new Uint8Array(AUTH_SETUP_REQUEST_BYTES);
  body[0] = AUTH_SETUP_MODE_UNENCRYPTED;
  body.set(AUTH_SETUP_CLIENT_PUBLIC_KEY, 1);
  return body;
}

/**
 * pyatv's rule (raop.md §1): the handshake is sent only when the receiver lists encryption type 4
 * (MFi-SAP) in `et` and its model (`am`) starts with `AirPort`; other receivers stop playing if it
 * is started and not completed.
 */
export function requiresAuthSetup(txt: {
  readonly et?: string | undefined;
  readonly am?: string | undefined;
}): boolean {
  const types = (txt.et ?? "").split(",").map((t) => t.trim());
  return types.includes("4") && (txt.am ?? "").startsWith("AirPort");
}

/** What a device's answer looks like, when it has the usual shape; all fields undefined otherwise. */
export interface AuthSetupResponseInfo {
  /** Total body length. */
  readonly length: number;
  readonly devicePublicKey: Uint8Array | undefined;
  readonly certificate: Uint8Array | undefined;
  readonly signature: Uint8Array | undefined;
}

/**
 * Describes the device's answer: `public key (32) ‖ u32 BE length ‖ certificate ‖ u32 BE length ‖
 * signature`. Never throws and never verifies anything (pyatv accepts whatever comes back).
 */
export function parseAuthSetupResponse(body: Uint8Array): AuthSetupResponseInfo {
  const none = {
    length: body?.length ?? 0,
    devicePublicKey: undefined,
    certificate: undefined,
    signature: undefined,
  };
  if (!(body instanceof Uint8Array) || body.length < 32 + 8) return none;
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const certLength = view.getUint32(32);
  const certEnd = 36 + certLength;
  if (certEnd + 4 > body.length) return none;
  const sigLength = view.getUint32(certEnd);
  if (certEnd + 4 + sigLength !== body.length) return none;
  return {
    length: body.length,
    devicePublicKey: body.slice(0, 32),
    certificate: body.slice(36, certEnd),
    signature: body.slice(certEnd + 4),
  };
}

export interface AuthSetupServerOptions {
  /** Stand-in certificate bytes (default: 908 deterministic filler bytes, so the answer is 1076 bytes like a real one). */
  certificate?: Uint8Array;
  /** X25519 scalar of the device's key (random by default). */
  secretKey?: Uint8Array;
}

/** Device side of `/auth-setup` for a simulated AirPort Express. */
export class AuthSetupServer {
  readonly #certificate: Uint8Array;
  readonly #publicKey: Uint8Array;
  #handshakes = 0;

  constructor(options: AuthSetupServerOptions = {}) {
    this.#certificate = new Uint8Array(options.certificate ?? standInCertificate());
    const key = x25519.generateKeyPair(options.secretKey);
    key.secretKey.fill(0);
    this.#publicKey = key.publicKey;
  }

  /** How many handshakes this device answered. */
  get handshakes(): number {
    return this.#handshakes;
  }

  /** Answers `POST /auth-setup`; `MalformedLegacyMessageError` for anything but a 33-byte mode-1 body. */
  handle(path: string, body: Uint8Array): Uint8Array {
    if (path !== AUTH_SETUP_PATH) throw new RangeError(`not the auth-setup path: ${path}`);
    if (!(body instanceof Uint8Array) || body.length !== AUTH_SETUP_REQUEST_BYTES) {
      throw new MalformedLegacyMessageError(
        `auth-setup: request must be ${AUTH_SETUP_REQUEST_BYTES} bytes, got ${body instanceof Uint8Array ? body.length : "none"}`,
      );
    }
    if (body[0] !== AUTH_SETUP_MODE_UNENCRYPTED) {
      throw new MalformedLegacyMessageError(
        `auth-setup: mode ${body[0] ?? "?"} is not supported (only 1, unencrypted)`,
      );
    }
    this.#handshakes += 1;
    // A real device signs with its MFi chip; 128 random bytes stand in for that signature.
    const signature = new Uint8Array(randomBytes(128));
    const out = new Uint8Array(32 + 4 + this.#certificate.length + 4 + signature.length);
    const view = new DataView(out.buffer);
    out.set(this.#publicKey, 0);
    view.setUint32(32, this.#certificate.length);
    out.set(this.#certificate, 36);
    view.setUint32(36 + this.#certificate.length, signature.length);
    out.set(signature, 40 + this.#certificate.length);
    return out;
  }
}

/** 908 bytes of DER-looking filler (a SEQUENCE header over a recognisable pattern), not a real certificate. */
function standInCertificate(): Uint8Array {
  const out = new Uint8Array(908);
  out.set([0x30, 0x82, 0x03, 0x88], 0);
  for (let i = 4; i < out.length; i++) out[i] = (i * 131 + 7) & 0xff;
  return out;
}
