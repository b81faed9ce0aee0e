/** Pieces shared by the four pairing state machines. */
import { randomUUID } from "node:crypto";
import { assertBytes, utf8 } from "../bytes.js";
import { AuthenticationError, HapCryptoError, PairingError, ProtocolError } from "../errors.js";
import { chacha20Poly1305Open, chacha20Poly1305Seal, pairingNonce } from "../primitives/chacha20-poly1305.js";
import type { PairingPhase } from "./messages.js";

/** The fixed SRP password of transient pair-setup. */
export const TRANSIENT_PIN = "3939";

export const Nonce = {
  M5: pairingNonce("PS-Msg05"),
  M6: pairingNonce("PS-Msg06"),
  VerifyM2: pairingNonce("PV-Msg02"),
  VerifyM3: pairingNonce("PV-Msg03"),
} as const;

/** A pairing identifier as bytes; strings are UTF-8 encoded. Default: a random lower-case UUID. */
export function pairingIdBytes(id: string | Uint8Array | undefined, name: string): Uint8Array {
  const bytes =
    id === undefined ? utf8(randomUUID()) : typeof id === "string" ? utf8(id) : new Uint8Array(id);
  assertBytes(bytes, name);
  if (bytes.length < 1 || bytes.length > 255) throw new RangeError(`${name} must be 1..255 bytes`);
  return bytes;
}

/** The SRP password for a PIN: numbers become 4 zero-padded digits, strings are used verbatim. */
export function pinText(pin: string | number): string {
  if (typeof pin === "number") {
    if (!Number.isInteger(pin) || pin < 0 || pin > 99_999_999) throw new RangeError(`invalid PIN: ${pin}`);
    return String(pin).padStart(4, "0");
  }
  if (typeof pin !== "string" || pin.length === 0)
    throw new TypeError("PIN must be a non-empty string or a number");
  return pin;
}

export function sealPairing(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return chacha20Poly1305Seal(key, nonce, plaintext);
}

/** Opens an `EncryptedData` item; a failure becomes PairingError/AuthenticationError `decrypt-failed`. */
export function openPairing(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  phase: PairingPhase,
  step: string,
): Uint8Array {
  try {
    return chacha20Poly1305Open(key, nonce, sealed);
  } catch (cause) {
    const message = `${phase} ${step}: EncryptedData does not decrypt (wrong key or tampered)`;
    throw phase === "pair-setup"
      ? new PairingError(message, { cause, reason: "decrypt-failed" })
      : new AuthenticationError(message, { cause, reason: "decrypt-failed" });
  }
}

/** Wraps unexpected failures (bugs, library errors) so callers only ever see our error family. */
export function asHapError(error: unknown, phase: PairingPhase): HapCryptoError | TypeError | RangeError {
  if (error instanceof HapCryptoError || error instanceof TypeError || error instanceof RangeError)
    return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProtocolError(`${phase} failed: ${message}`, { cause: error });
}

export function invalidState(phase: PairingPhase, action: string, state: string): HapCryptoError {
  const message = `${phase}: cannot ${action} in state ${state}`;
  return phase === "pair-setup"
    ? new PairingError(message, { reason: "invalid-state" })
    : new AuthenticationError(message, { reason: "invalid-state" });
}
