/**
 * `@atv/airplay/protocol`: the AirPlay plug-in object and the client-side helpers RAOP reuses,
 * what `atv`'s scan() and connect() load. The package's index also holds the device side
 * (receiver, auth-setup server) and every helper; this entry shares the client code with it (one
 * chunk, one copy of each class) without loading those.
 */
export { airplayProtocol, effectiveCredentials } from "./module.js";
export { isPasswordRequired, pairingRequirement, protocolVersion } from "./discovery.js";
export { verifyConnection } from "./pairing/verify.js";
export { postAuthSetup } from "./auth/auth-setup-http.js";
