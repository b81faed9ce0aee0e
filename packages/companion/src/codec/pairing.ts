/** OPACK payloads of the pairing frames (companion.md §5): `_pd` carries the HAP TLV8 message. */
import { MalformedFrameError } from "./errors.js";
import { opackGet, opackNumber, opackText, type OpackObject, type OpackValue } from "./opack.js";

/** `_pwTy` 1: the TV shows a PIN. */
export const PASSWORD_TYPE_PIN = 1;
/** `_auTy` 4: pair-verify with HAP credentials. */
export const AUTH_TYPE_HAP = 4;

/** Pair-setup M1/M3/M5 (and the device's M2 as pyatv's fake sends it). */
export function pairSetupPayload(pd: Uint8Array): OpackObject {
  return { _pd: pd, _pwTy: PASSWORD_TYPE_PIN };
}

/** Pair-verify M1. */
export function pairVerifyStartPayload(pd: Uint8Array): OpackObject {
  return { _pd: pd, _auTy: AUTH_TYPE_HAP };
}

/** Pair-verify M3 and the device's replies. */
export function pairingPayload(pd: Uint8Array): OpackObject {
  return { _pd: pd };
}

/** A pairing reply the device refused with `_em` (e.g. "Pairing not allowed"). */
export interface PairingRefusedReply {
  readonly message: string;
  readonly code?: number;
}

/** The `_pd` bytes of a pairing frame; a `_em` refusal is returned as such; MalformedFrameError otherwise. */
export function pairingData(value: OpackValue): Uint8Array | PairingRefusedReply {
  const pd = opackGet(value, "_pd");
  if (pd instanceof Uint8Array) return pd;
  const em = opackGet(value, "_em");
  if (em !== undefined) {
    const code = opackNumber(opackGet(value, "_ec"));
    return { message: opackText(em), ...(code === undefined ? {} : { code }) };
  }
  throw new MalformedFrameError("Companion pairing frame without _pd");
}
