/**
 * Authenticating an AirPlay connection with stored credentials (airplay.md §6 step 2, §7):
 * HAP pair-verify or transient pair-setup, then (optionally) Control-key encryption; legacy
 * pair-verify (AirPlay 1, no keys); nothing for no credentials.
 */
import { rethrowAsCore, type CallOptions } from "@atv/core";
import {
  deriveHapSessionKeys,
  PairSetupClient,
  PairVerifyClient,
  type HapCredentials,
  type HapPairingCredentials,
} from "@atv/hap-crypto";
import type { HttpConnection } from "../http/connection.js";
import { Hkp, postPairing } from "./http.js";
import { legacyVerify } from "./legacy.js";

export interface VerifyOptions extends CallOptions {
  /** Switch the connection to HAP block encryption with the Control keys afterwards. */
  encrypt: boolean;
  timeoutMs?: number;
  /** Content-Type of the pairing requests (see PairingRequestOptions). */
  contentType?: string;
  /** Legacy pair-verify (AirPlay 1 receivers); default: the built-in one. */
  legacyVerify?: (
    connection: HttpConnection,
    credentials: HapCredentials,
    options: CallOptions,
  ) => Promise<void>;
}

/** Returns the session secret (pair-verify X or transient K), or undefined when there is none. */
export async function verifyConnection(
  connection: HttpConnection,
  credentials: HapCredentials,
  options: VerifyOptions,
): Promise<Uint8Array | undefined> {
  const call = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
  };
  let secret: Uint8Array | undefined;
  switch (credentials.kind) {
    case "none":
      return undefined;
    case "legacy":
      await (options.legacyVerify ?? legacyVerify)(connection, credentials, call);
      return undefined;
    case "hap":
      secret = await hapPairVerify(connection, credentials, call);
      break;
    case "transient":
      secret = await transientPairSetup(connection, call);
      break;
  }
  if (options.encrypt) connection.enableEncryption(deriveHapSessionKeys(secret, "client"));
  return secret;
}

export async function hapPairVerify(
  connection: HttpConnection,
  credentials: HapPairingCredentials,
  options: CallOptions & { timeoutMs?: number; contentType?: string },
): Promise<Uint8Array> {
  const verifier = new PairVerifyClient(credentials);
  try {
    const m2 = await postPairing(connection, "/pair-verify", verifier.start(), {
      ...options,
      hkp: Hkp.Normal,
    });
    const m3 = verifier.handleM2(m2);
    const m4 = await postPairing(connection, "/pair-verify", m3, { ...options, hkp: Hkp.Normal });
    return verifier.handleM4(m4).sharedSecret;
  } catch (error) {
    verifier.dispose();
    rethrowAsCore(error, "AirPlay pair-verify failed");
  }
}

/** Transient pairing (airplay.md §5.2): pin-start (HKP 4), M1 with Flags, M3 with PIN 3939; returns K. */
export async function transientPairSetup(
  connection: HttpConnection,
  options: CallOptions & { timeoutMs?: number; contentType?: string },
): Promise<Uint8Array> {
  const setup = new PairSetupClient({ transient: true });
  const request = { ...options, hkp: Hkp.Transient };
  try {
    await postPairing(connection, "/pair-pin-start", new Uint8Array(0), request);
    const m2 = await postPairing(connection, "/pair-setup", setup.start(), request);
    const m4 = await postPairing(connection, "/pair-setup", setup.handleM2(m2), request);
    return setup.handleM4Transient(m4).sharedSecret;
  } catch (error) {
    setup.dispose();
    rethrowAsCore(error, "AirPlay transient pairing failed");
  }
}
