/**
 * Pairing credentials and pyatv's string form `<ltpk>:<ltsk>:<atv_id>:<client_id>` (lower-case
 * hex of each field's bytes). The kind is decided from the fields exactly like pyatv does.
 */
import { fromHex, toHex } from "./bytes.js";
import { InvalidCredentialsError } from "./errors.js";

/** Normal HAP pairing: all four fields present. */
export interface HapPairingCredentials {
  readonly kind: "hap";
  /** The device's Ed25519 long-term public key (32 bytes). */
  readonly ltpk: Uint8Array;
  /** Our Ed25519 long-term secret seed (32 bytes). */
  readonly ltsk: Uint8Array;
  /** The device's pairing identifier as received in M6 (usually an ASCII UUID). */
  readonly atvId: Uint8Array;
  /** Our pairing identifier (usually an ASCII UUID); reuse it for every later connection. */
  readonly clientId: Uint8Array;
}
/** AirPlay transient pairing (string `7472616e7369656e74:::`). */
export interface TransientCredentials {
  readonly kind: "transient";
}
/** AirPlay 1 legacy pairing: a 32-byte Ed25519 seed and an 8-byte client id. */
export interface LegacyCredentials {
  readonly kind: "legacy";
  readonly ltsk: Uint8Array;
  readonly clientId: Uint8Array;
}
/** No pairing (string `:::`). */
export interface NoCredentials {
  readonly kind: "none";
}
export type HapCredentials = HapPairingCredentials | TransientCredentials | LegacyCredentials | NoCredentials;
export type CredentialsKind = HapCredentials["kind"];

const TRANSIENT = "transient";
const TRANSIENT_HEX = "7472616e7369656e74";

function field(text: string, name: string): Uint8Array {
  const bytes = fromHex(text);
  if (bytes === undefined) throw new InvalidCredentialsError(`invalid credentials: ${name} is not hex`);
  return bytes;
}

function checkLength(bytes: Uint8Array, name: string, min: number, max = min): void {
  if (bytes.length < min || bytes.length > max) {
    const size = min === max ? `${min}` : `${min}..${max}`;
    throw new InvalidCredentialsError(
      `invalid credentials: ${name} must be ${size} bytes, got ${bytes.length}`,
    );
  }
}

/** Builds and validates HAP credentials from raw fields (copies them). */
export function hapCredentials(fields: Omit<HapPairingCredentials, "kind">): HapPairingCredentials {
  for (const key of ["ltpk", "ltsk", "atvId", "clientId"] as const) {
    if (!(fields[key] instanceof Uint8Array))
      throw new InvalidCredentialsError(`invalid credentials: ${key} missing`);
  }
  checkLength(fields.ltpk, "ltpk", 32);
  checkLength(fields.ltsk, "ltsk", 32);
  checkLength(fields.atvId, "atv_id", 1, 255);
  checkLength(fields.clientId, "client_id", 1, 255);
  return {
    kind: "hap",
    ltpk: new Uint8Array(fields.ltpk),
    ltsk: new Uint8Array(fields.ltsk),
    atvId: new Uint8Array(fields.atvId),
    clientId: new Uint8Array(fields.clientId),
  };
}

function classify(
  ltpk: Uint8Array,
  ltsk: Uint8Array,
  atvId: Uint8Array,
  clientId: Uint8Array,
): HapCredentials {
  const empty = (b: Uint8Array): boolean => b.length === 0;
  if (empty(ltpk) && empty(ltsk) && empty(atvId) && empty(clientId)) return { kind: "none" };
  if (Buffer.from(ltpk).toString("latin1") === TRANSIENT) {
    if (!empty(ltsk) || !empty(atvId) || !empty(clientId)) {
      throw new InvalidCredentialsError("invalid credentials: transient credentials carry no other fields");
    }
    return { kind: "transient" };
  }
  if (empty(ltpk) && !empty(ltsk) && empty(atvId) && !empty(clientId)) {
    checkLength(ltsk, "legacy seed", 32);
    checkLength(clientId, "client_id", 1, 255);
    return { kind: "legacy", ltsk, clientId };
  }
  if (!empty(ltpk) && !empty(ltsk) && !empty(atvId) && !empty(clientId)) {
    return hapCredentials({ ltpk, ltsk, atvId, clientId });
  }
  throw new InvalidCredentialsError("invalid credentials type");
}

/**
 * Parses pyatv's credentials string: four `:`-separated hex fields, or the two-field legacy
 * form `<client_id>:<seed>`. `undefined` means no credentials. Anything else (including an empty
 * string, wrong field counts, bad hex, or field combinations of no known kind) throws
 * `InvalidCredentialsError`.
 */
export function parseCredentials(text: string | undefined): HapCredentials {
  if (text === undefined) return { kind: "none" };
  if (typeof text !== "string") throw new InvalidCredentialsError("invalid credentials: not a string");
  const parts = text.split(":");
  if (parts.length === 2) {
    const [clientId = "", seed = ""] = parts;
    return classify(new Uint8Array(), field(seed, "seed"), new Uint8Array(), field(clientId, "client_id"));
  }
  if (parts.length === 4) {
    const [ltpk = "", ltsk = "", atvId = "", clientId = ""] = parts;
    return classify(
      field(ltpk, "ltpk"),
      field(ltsk, "ltsk"),
      field(atvId, "atv_id"),
      field(clientId, "client_id"),
    );
  }
  throw new InvalidCredentialsError(`invalid credentials: expected 4 (or 2) fields, got ${parts.length}`);
}

/** Formats credentials as pyatv does: always four lower-case hex fields. */
export function formatCredentials(credentials: HapCredentials): string {
  switch (credentials.kind) {
    case "none":
      return ":::";
    case "transient":
      return `${TRANSIENT_HEX}:::`;
    case "legacy":
      return `:${toHex(credentials.ltsk)}::${toHex(credentials.clientId)}`;
    case "hap":
      return [credentials.ltpk, credentials.ltsk, credentials.atvId, credentials.clientId]
        .map(toHex)
        .join(":");
    default: {
      const never: never = credentials;
      throw new InvalidCredentialsError(
        `unknown credentials kind: ${String((never as { kind?: unknown }).kind)}`,
      );
    }
  }
}
