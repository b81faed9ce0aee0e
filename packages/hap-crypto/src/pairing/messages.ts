/**
 * Typed pair-setup (M1–M6) and pair-verify (M1–M4) messages and their TLV8 codecs.
 * Decoders check the `State` item, turn a device `Error` item into a typed error, and check the
 * presence and size of every item the step needs (`ProtocolError` otherwise).
 */
import {
  AuthenticationError,
  BackOffError,
  type HapCryptoError,
  PairingError,
  ProtocolError,
} from "../errors.js";
import {
  decodeTlv8Map,
  decodeTlvUint,
  encodeTlv8,
  type Tlv8Entry,
  TlvErrorCode,
  TlvMethod,
  TlvType,
} from "../tlv8.js";

export type PairingPhase = "pair-setup" | "pair-verify";

export interface PairSetupM1 {
  readonly state: 1;
  readonly method: number;
  /** `TlvFlags.Transient` (0x10) for transient pair-setup. */
  readonly flags?: number;
}
export interface PairSetupM2 {
  readonly state: 2;
  readonly salt: Uint8Array;
  /** SRP B. */
  readonly publicKey: Uint8Array;
}
export interface PairSetupM3 {
  readonly state: 3;
  /** SRP A. */
  readonly publicKey: Uint8Array;
  /** SRP M1. */
  readonly proof: Uint8Array;
}
export interface PairSetupM4 {
  readonly state: 4;
  /** SRP M2. */
  readonly proof: Uint8Array;
}
export interface PairSetupM5 {
  readonly state: 5;
  readonly encryptedData: Uint8Array;
}
export interface PairSetupM6 {
  readonly state: 6;
  readonly encryptedData: Uint8Array;
}
export interface PairVerifyM1 {
  readonly state: 1;
  /** The controller's ephemeral X25519 public key. */
  readonly publicKey: Uint8Array;
}
export interface PairVerifyM2 {
  readonly state: 2;
  /** The accessory's ephemeral X25519 public key. */
  readonly publicKey: Uint8Array;
  readonly encryptedData: Uint8Array;
}
export interface PairVerifyM3 {
  readonly state: 3;
  readonly encryptedData: Uint8Array;
}
export interface PairVerifyM4 {
  readonly state: 4;
}

/** The content of an `EncryptedData` item (pair-setup M5/M6, pair-verify M2/M3). */
export interface PairingSubTlv {
  readonly identifier: Uint8Array;
  /** Ed25519 LTPK (pair-setup only). */
  readonly publicKey?: Uint8Array;
  readonly signature: Uint8Array;
  /** Apple's 0x11 item (an OPACK dictionary), passed through as raw bytes. */
  readonly info?: Uint8Array;
}

/** A reply that carries only `State` and `Error` (+ `BackOff`): what a server sends on failure. */
export function encodeErrorMessage(state: number, error: number, backOffSeconds?: number): Uint8Array {
  const items: Tlv8Entry[] = [
    [TlvType.State, state],
    [TlvType.Error, error],
  ];
  if (backOffSeconds !== undefined) items.push([TlvType.BackOff, backOffSeconds]);
  return encodeTlv8(items);
}

const ERROR_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(TlvErrorCode).map(([name, value]) => [value, name]),
);

/** Maps a device `Error` item (and optional `BackOff` item) to a typed error. */
export function deviceError(
  items: Map<number, Uint8Array>,
  phase: PairingPhase,
  state: number,
): HapCryptoError {
  const code = decodeTlvUint(items.get(TlvType.Error) ?? new Uint8Array(), "Error");
  const backOffItem = items.get(TlvType.BackOff);
  const backOffSeconds = backOffItem === undefined ? undefined : decodeTlvUint(backOffItem, "BackOff");
  const name = ERROR_NAMES[code] ?? "unknown error code";
  const where = `${phase} M${state}`;
  const options = { deviceErrorCode: code, ...(backOffSeconds === undefined ? {} : { backOffSeconds }) };
  if (code === TlvErrorCode.BackOff) {
    const wait = backOffSeconds === undefined ? "" : ` of ${backOffSeconds} s`;
    return new BackOffError(`device requests a back-off${wait} (${where})`, options);
  }
  if (code === TlvErrorCode.Authentication) {
    if (phase === "pair-setup" && state === 4) {
      return new PairingError(`wrong PIN: the device rejected the SRP proof (${where})`, {
        ...options,
        reason: "wrong-pin",
      });
    }
    const ErrorClass = phase === "pair-setup" ? PairingError : AuthenticationError;
    return new ErrorClass(`device rejected authentication (${where})`, { ...options, reason: "rejected" });
  }
  const ErrorClass = phase === "pair-setup" ? PairingError : AuthenticationError;
  return new ErrorClass(`device error ${name} (${code}) in ${where}`, { ...options, reason: "device-error" });
}

/** Decodes a message, requiring `State` = `expected`; a device `Error` item becomes a typed error. */
function readMessage(bytes: Uint8Array, phase: PairingPhase, expected: number): Map<number, Uint8Array> {
  const items = decodeTlv8Map(bytes);
  const stateItem = items.get(TlvType.State);
  if (stateItem === undefined) throw new ProtocolError(`${phase} message without a State item`);
  const state = decodeTlvUint(stateItem, "State");
  if (items.has(TlvType.Error)) throw deviceError(items, phase, state);
  if (state !== expected) throw new ProtocolError(`${phase}: expected M${expected}, got M${state}`);
  return items;
}

/** A required item of `min..max` bytes. */
function need(
  items: Map<number, Uint8Array>,
  type: number,
  name: string,
  min: number,
  max = min,
): Uint8Array {
  const value = items.get(type);
  if (value === undefined) throw new ProtocolError(`missing ${name} item`);
  if (value.length < min || value.length > max) {
    const size = min === max ? `${min}` : `${min}..${max}`;
    throw new ProtocolError(`${name} must be ${size} bytes, got ${value.length}`);
  }
  return value;
}

/** The State value of a message, without further checks (servers dispatch on it). */
export function peekState(bytes: Uint8Array): number {
  const stateItem = decodeTlv8Map(bytes).get(TlvType.State);
  if (stateItem === undefined) throw new ProtocolError("pairing message without a State item");
  return decodeTlvUint(stateItem, "State");
}

export const SRP_PUBLIC_KEY_MAX = 384;
export const SRP_PROOF_BYTES = 64;
export const MAX_ENCRYPTED_BYTES = 4096;

export function encodePairSetupM1(m: Omit<PairSetupM1, "state">): Uint8Array {
  const items: Tlv8Entry[] = [
    [TlvType.Method, m.method],
    [TlvType.State, 1],
  ];
  if (m.flags !== undefined) items.push([TlvType.Flags, m.flags]);
  return encodeTlv8(items);
}
export function decodePairSetupM1(bytes: Uint8Array): PairSetupM1 {
  const items = readMessage(bytes, "pair-setup", 1);
  const methodItem = items.get(TlvType.Method);
  const method = methodItem === undefined ? TlvMethod.PairSetup : decodeTlvUint(methodItem, "Method");
  const flagsItem = items.get(TlvType.Flags);
  return flagsItem === undefined
    ? { state: 1, method }
    : { state: 1, method, flags: decodeTlvUint(flagsItem, "Flags") };
}

export function encodePairSetupM2(m: Omit<PairSetupM2, "state">): Uint8Array {
  return encodeTlv8([
    [TlvType.State, 2],
    [TlvType.Salt, m.salt],
    [TlvType.PublicKey, m.publicKey],
  ]);
}
export function decodePairSetupM2(bytes: Uint8Array): PairSetupM2 {
  const items = readMessage(bytes, "pair-setup", 2);
  return {
    state: 2,
    salt: need(items, TlvType.Salt, "Salt", 16),
    publicKey: need(items, TlvType.PublicKey, "SRP public key B", 1, SRP_PUBLIC_KEY_MAX),
  };
}

export function encodePairSetupM3(m: Omit<PairSetupM3, "state">): Uint8Array {
  return encodeTlv8([
    [TlvType.State, 3],
    [TlvType.PublicKey, m.publicKey],
    [TlvType.Proof, m.proof],
  ]);
}
export function decodePairSetupM3(bytes: Uint8Array): PairSetupM3 {
  const items = readMessage(bytes, "pair-setup", 3);
  return {
    state: 3,
    publicKey: need(items, TlvType.PublicKey, "SRP public key A", 1, SRP_PUBLIC_KEY_MAX),
    proof: need(items, TlvType.Proof, "SRP proof M1", SRP_PROOF_BYTES),
  };
}

export function encodePairSetupM4(m: Omit<PairSetupM4, "state">): Uint8Array {
  return encodeTlv8([
    [TlvType.State, 4],
    [TlvType.Proof, m.proof],
  ]);
}
export function decodePairSetupM4(bytes: Uint8Array): PairSetupM4 {
  const items = readMessage(bytes, "pair-setup", 4);
  return { state: 4, proof: need(items, TlvType.Proof, "SRP proof M2", SRP_PROOF_BYTES) };
}

function encodeEncrypted(state: number, encryptedData: Uint8Array): Uint8Array {
  return encodeTlv8([
    [TlvType.State, state],
    [TlvType.EncryptedData, encryptedData],
  ]);
}
function readEncrypted(bytes: Uint8Array, phase: PairingPhase, state: number): Uint8Array {
  return need(
    readMessage(bytes, phase, state),
    TlvType.EncryptedData,
    "EncryptedData",
    17,
    MAX_ENCRYPTED_BYTES,
  );
}

export function encodePairSetupM5(m: Omit<PairSetupM5, "state">): Uint8Array {
  return encodeEncrypted(5, m.encryptedData);
}
export function decodePairSetupM5(bytes: Uint8Array): PairSetupM5 {
  return { state: 5, encryptedData: readEncrypted(bytes, "pair-setup", 5) };
}
export function encodePairSetupM6(m: Omit<PairSetupM6, "state">): Uint8Array {
  return encodeEncrypted(6, m.encryptedData);
}
export function decodePairSetupM6(bytes: Uint8Array): PairSetupM6 {
  return { state: 6, encryptedData: readEncrypted(bytes, "pair-setup", 6) };
}

export function encodePairVerifyM1(m: Omit<PairVerifyM1, "state">): Uint8Array {
  return encodeTlv8([
    [TlvType.State, 1],
    [TlvType.PublicKey, m.publicKey],
  ]);
}
export function decodePairVerifyM1(bytes: Uint8Array): PairVerifyM1 {
  const items = readMessage(bytes, "pair-verify", 1);
  return { state: 1, publicKey: need(items, TlvType.PublicKey, "X25519 public key", 32) };
}

export function encodePairVerifyM2(m: Omit<PairVerifyM2, "state">): Uint8Array {
  return encodeTlv8([
    [TlvType.State, 2],
    [TlvType.PublicKey, m.publicKey],
    [TlvType.EncryptedData, m.encryptedData],
  ]);
}
export function decodePairVerifyM2(bytes: Uint8Array): PairVerifyM2 {
  const items = readMessage(bytes, "pair-verify", 2);
  return {
    state: 2,
    publicKey: need(items, TlvType.PublicKey, "X25519 public key", 32),
    encryptedData: need(items, TlvType.EncryptedData, "EncryptedData", 17, MAX_ENCRYPTED_BYTES),
  };
}

export function encodePairVerifyM3(m: Omit<PairVerifyM3, "state">): Uint8Array {
  return encodeEncrypted(3, m.encryptedData);
}
export function decodePairVerifyM3(bytes: Uint8Array): PairVerifyM3 {
  return { state: 3, encryptedData: readEncrypted(bytes, "pair-verify", 3) };
}

export function encodePairVerifyM4(): Uint8Array {
  return encodeTlv8([[TlvType.State, 4]]);
}
export function decodePairVerifyM4(bytes: Uint8Array): PairVerifyM4 {
  readMessage(bytes, "pair-verify", 4);
  return { state: 4 };
}

/** Encodes decrypted content in pyatv's item order: Identifier, PublicKey, Signature, 0x11. */
export function encodeSubTlv(content: PairingSubTlv): Uint8Array {
  const items: Tlv8Entry[] = [[TlvType.Identifier, content.identifier]];
  if (content.publicKey !== undefined) items.push([TlvType.PublicKey, content.publicKey]);
  items.push([TlvType.Signature, content.signature]);
  if (content.info !== undefined) items.push([TlvType.Name, content.info]);
  return encodeTlv8(items);
}

/** Decodes decrypted content; `withPublicKey` for pair-setup M5/M6 (a 32-byte LTPK is required). */
export function decodeSubTlv(bytes: Uint8Array, withPublicKey: boolean): PairingSubTlv {
  const items = decodeTlv8Map(bytes);
  const identifier = need(items, TlvType.Identifier, "Identifier", 1, 255);
  const signature = need(items, TlvType.Signature, "Signature", 64);
  const info = items.get(TlvType.Name);
  const publicKey = withPublicKey ? need(items, TlvType.PublicKey, "Ed25519 public key", 32) : undefined;
  return {
    identifier,
    signature,
    ...(publicKey === undefined ? {} : { publicKey }),
    ...(info === undefined ? {} : { info }),
  };
}
