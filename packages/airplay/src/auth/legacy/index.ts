/**
 * AirPlay 1 legacy pairing ("device verification"; airplay.md §5.3), both roles, sans-IO: every
 * method takes and returns HTTP request/response BODIES exactly as on the wire.
 *
 * Client — pair-setup (credentials string `:<seed hex>::<client id hex>` via @atv/hap-crypto's
 * `formatCredentials`; parse stored ones with `parseCredentials`, kind `"legacy"`):
 * ```ts
 * const setup = new LegacyPairSetupClient();           // { seed?, clientId? } for replays
 * POST /pair-pin-start   (empty body; headers LEGACY_PAIRING_HEADERS)     → PIN appears on the TV
 * POST /pair-setup-pin   body setup.step1()            → response r1    (bplist; pyatv adds no headers here)
 * POST /pair-setup-pin   body setup.step2(r1, pin)     → response r2
 * POST /pair-setup-pin   body setup.step3(r2)          → response r3    (step3 checks the device's proof M2)
 * const credentials = setup.finish(r3);                 // LegacyCredentials { kind: "legacy", ltsk, clientId }
 * ```
 * Client — pair-verify (before `/play` etc.; the connection stays unencrypted afterwards):
 * ```ts
 * const verify = new LegacyPairVerifyClient();
 * POST /pair-verify  body verify.step1(credentials) → response v1   (Content-Type: application/octet-stream)
 * POST /pair-verify  body verify.step2(v1)          → response v2
 * verify.finish(v2);
 * ```
 * A non-2xx HTTP status from the device is the HTTP layer's business (e.g. 470 after a wrong PIN or
 * unknown credentials); these classes only see bodies.
 *
 * Device side (simulator): `new LegacyPairSetupServer({ pin?, onPin?, onPaired?, seed? })` answers
 * `handle("/pair-pin-start", body)` and `handle("/pair-setup-pin", body)`;
 * `new LegacyPairVerifyServer({ seed, isPaired })` answers `handle("/pair-verify", body)`, with
 * `isPaired = (key) => [...setupServer.pairedClients.values()].some(c => equal(c.publicKey, key))`.
 * Each returns the response body (200) or throws; suggested HTTP mapping of the throws:
 * `LegacyPairingError` / `LegacyVerifyError` → 470, `MalformedLegacyMessageError` → 400.
 *
 * Errors (all @atv/core errors): `LegacyPairingError` (PairingError; `reason` = `wrong-pin`,
 * `bad-proof`, `decrypt-failed`, `pin-required`, `invalid-state`), `LegacyVerifyError`
 * (AuthenticationError; `bad-signature`, `unknown-peer`, `invalid-state`),
 * `MalformedLegacyMessageError` (ProtocolError; bodies of the wrong shape or size).
 */
export {
  type LegacyErrorOptions,
  type LegacyFailureReason,
  LegacyPairingError,
  LegacyVerifyError,
  MalformedLegacyMessageError,
} from "./errors.js";
export {
  LegacyPairSetupClient,
  type LegacyPairSetupClientOptions,
  type LegacyPairSetupClientState,
} from "./pair-setup-client.js";
export {
  LEGACY_VERIFY_REQUEST_BYTES,
  LEGACY_VERIFY_RESPONSE_BYTES,
  LegacyPairVerifyClient,
  type LegacyPairVerifyClientState,
} from "./pair-verify-client.js";
export {
  LEGACY_PAIR_SETUP_PATH,
  LEGACY_PIN_START_PATH,
  type LegacyPairedClient,
  LegacyPairSetupServer,
  type LegacyPairSetupServerOptions,
  type LegacyPairSetupServerState,
} from "./pair-setup-server.js";
export {
  LEGACY_PAIR_VERIFY_PATH,
  LegacyPairVerifyServer,
  type LegacyPairVerifyServerOptions,
  type LegacyPairVerifyServerState,
} from "./pair-verify-server.js";
export type { LegacyCredentials } from "@atv/hap-crypto";

/** Headers pyatv sends on `/pair-pin-start` (and, with a Content-Type, on the legacy pairing posts). */
export const LEGACY_PAIRING_HEADERS: Readonly<Record<string, string>> = {
  "User-Agent": "AirPlay/320.20",
  Connection: "keep-alive",
};
