/**
 * Every HKDF-SHA-512 derivation of HAP pairing and of the protocols' transport keys, with the
 * exact salt/info strings from hap-pairing.md §4, so protocol packages never repeat them.
 */
import { assertBytes } from "./bytes.js";
import { hkdfSha512 } from "./primitives/hkdf.js";

/** Salt/info pairs of the pairing handshakes themselves. */
export const PairingKdf = {
  SetupEncrypt: { salt: "Pair-Setup-Encrypt-Salt", info: "Pair-Setup-Encrypt-Info" },
  SetupControllerSign: { salt: "Pair-Setup-Controller-Sign-Salt", info: "Pair-Setup-Controller-Sign-Info" },
  SetupAccessorySign: { salt: "Pair-Setup-Accessory-Sign-Salt", info: "Pair-Setup-Accessory-Sign-Info" },
  VerifyEncrypt: { salt: "Pair-Verify-Encrypt-Salt", info: "Pair-Verify-Encrypt-Info" },
} as const;

/** Which side holds the keys: the controller (client, us) or the accessory (server, the device). */
export type SessionRole = "client" | "server";

/** Keys for one side of a connection: encrypt what we send with `writeKey`, decrypt with `readKey`. */
export interface SessionKeys {
  readonly writeKey: Uint8Array;
  readonly readKey: Uint8Array;
}

interface KeySpec {
  readonly salt: string;
  /** Info of the key the client encrypts with (client → device). */
  readonly clientWriteInfo: string;
  /** Info of the key the device encrypts with (device → client). */
  readonly serverWriteInfo: string;
}

/** Transport key specs per protocol (salt and the info of each direction). */
export const TransportKdf = {
  Mrp: {
    salt: "MediaRemote-Salt",
    clientWriteInfo: "MediaRemote-Write-Encryption-Key",
    serverWriteInfo: "MediaRemote-Read-Encryption-Key",
  },
  Companion: { salt: "", clientWriteInfo: "ClientEncrypt-main", serverWriteInfo: "ServerEncrypt-main" },
  HapControl: {
    salt: "Control-Salt",
    clientWriteInfo: "Control-Write-Encryption-Key",
    serverWriteInfo: "Control-Read-Encryption-Key",
  },
  /** The event channel belongs to the receiver: the client encrypts with the *Read* key. */
  AirPlayEvents: {
    salt: "Events-Salt",
    clientWriteInfo: "Events-Read-Encryption-Key",
    serverWriteInfo: "Events-Write-Encryption-Key",
  },
} as const satisfies Record<string, KeySpec>;

function derive(secret: Uint8Array, spec: KeySpec, role: SessionRole): SessionKeys {
  assertBytes(secret, "shared secret");
  if (secret.length === 0) throw new RangeError("shared secret must not be empty");
  if (role !== "client" && role !== "server")
    throw new TypeError(`role must be "client" or "server": ${String(role)}`);
  const clientWrite = hkdfSha512(secret, spec.salt, spec.clientWriteInfo);
  const serverWrite = hkdfSha512(secret, spec.salt, spec.serverWriteInfo);
  return role === "client"
    ? { writeKey: clientWrite, readKey: serverWrite }
    : { writeKey: serverWrite, readKey: clientWrite };
}

/** MRP: HKDF(X, `MediaRemote-Salt`, `MediaRemote-Write/Read-Encryption-Key`). Default role: client. */
export function deriveMrpSessionKeys(sharedSecret: Uint8Array, role: SessionRole = "client"): SessionKeys {
  return derive(sharedSecret, TransportKdf.Mrp, role);
}

/** Companion: HKDF(X, empty salt, `ClientEncrypt-main` / `ServerEncrypt-main`). */
export function deriveCompanionSessionKeys(
  sharedSecret: Uint8Array,
  role: SessionRole = "client",
): SessionKeys {
  return derive(sharedSecret, TransportKdf.Companion, role);
}

/**
 * HAP / AirPlay 2 control connection: HKDF(secret, `Control-Salt`, `Control-Write/Read-Encryption-Key`).
 * `secret` is the pair-verify X25519 secret, or the 64-byte SRP key K after transient pair-setup.
 */
export function deriveHapSessionKeys(secret: Uint8Array, role: SessionRole = "client"): SessionKeys {
  return derive(secret, TransportKdf.HapControl, role);
}

/** AirPlay 2 event channel: `Events-Salt`; the client writes with `Events-Read-Encryption-Key`. */
export function deriveAirPlayEventKeys(secret: Uint8Array, role: SessionRole = "client"): SessionKeys {
  return derive(secret, TransportKdf.AirPlayEvents, role);
}

/**
 * AirPlay 2 data stream: salt `DataStream-Salt<seed as unsigned decimal>`; the client writes with
 * `DataStream-Output-Encryption-Key` and reads with `DataStream-Input-Encryption-Key`.
 */
export function deriveAirPlayDataStreamKeys(
  secret: Uint8Array,
  seed: bigint,
  role: SessionRole = "client",
): SessionKeys {
  if (typeof seed !== "bigint" || seed < 0n || seed >= 1n << 64n) {
    throw new RangeError("data stream seed must be an unsigned 64-bit bigint");
  }
  return derive(
    secret,
    {
      salt: `DataStream-Salt${seed.toString(10)}`,
      clientWriteInfo: "DataStream-Output-Encryption-Key",
      serverWriteInfo: "DataStream-Input-Encryption-Key",
    },
    role,
  );
}
