/**
 * @atv/hap-crypto: HAP pairing (SRP pair-setup, pair-verify, transient pairing), TLV8, the
 * primitives behind them and the session ciphers of MRP, Companion and AirPlay 2.
 * Sans-IO and side-effect free: nothing here touches a socket, a timer or the console.
 */
export {
  AuthenticationError,
  BackOffError,
  type FailureReason,
  HapCryptoError,
  HapErrorCode,
  type HapErrorOptions,
  InvalidCredentialsError,
  PairingError,
  ProtocolError,
} from "./errors.js";

export {
  decodeTlv8,
  decodeTlv8Map,
  decodeTlvUint,
  encodeTlv8,
  encodeTlvUint,
  type Tlv8DecodeOptions,
  type Tlv8Entry,
  type Tlv8Item,
  TlvErrorCode,
  TlvFlags,
  TlvMethod,
  TlvType,
} from "./tlv8.js";

export { hkdfSha512 } from "./primitives/hkdf.js";
export { ed25519, type KeyPair, randomKey, x25519 } from "./primitives/curves.js";
export {
  CHACHA_KEY_BYTES,
  CHACHA_NONCE_BYTES,
  CHACHA_TAG_BYTES,
  chacha20Poly1305Open,
  chacha20Poly1305Seal,
  companionNonce,
  counterNonce,
  pairingNonce,
} from "./primitives/chacha20-poly1305.js";

export {
  HAP_SRP_USERNAME,
  SrpClient,
  type SrpGroupName,
  type SrpOptions,
  SrpServer,
  srpVerifier,
} from "./srp.js";

export {
  deriveAirPlayDataStreamKeys,
  deriveAirPlayEventKeys,
  deriveCompanionSessionKeys,
  deriveHapSessionKeys,
  deriveMrpSessionKeys,
  PairingKdf,
  type SessionKeys,
  type SessionRole,
  TransportKdf,
} from "./session-keys.js";

export {
  type CredentialsKind,
  formatCredentials,
  hapCredentials,
  type HapCredentials,
  type HapPairingCredentials,
  type LegacyCredentials,
  type NoCredentials,
  parseCredentials,
  type TransientCredentials,
} from "./credentials.js";

export {
  decodePairSetupM1,
  decodePairSetupM2,
  decodePairSetupM3,
  decodePairSetupM4,
  decodePairSetupM5,
  decodePairSetupM6,
  decodePairVerifyM1,
  decodePairVerifyM2,
  decodePairVerifyM3,
  decodePairVerifyM4,
  decodeSubTlv,
  encodeErrorMessage,
  encodePairSetupM1,
  encodePairSetupM2,
  encodePairSetupM3,
  encodePairSetupM4,
  encodePairSetupM5,
  encodePairSetupM6,
  encodePairVerifyM1,
  encodePairVerifyM2,
  encodePairVerifyM3,
  encodePairVerifyM4,
  encodeSubTlv,
  type PairingPhase,
  type PairingSubTlv,
  type PairSetupM1,
  type PairSetupM2,
  type PairSetupM3,
  type PairSetupM4,
  type PairSetupM5,
  type PairSetupM6,
  type PairVerifyM1,
  type PairVerifyM2,
  type PairVerifyM3,
  type PairVerifyM4,
  peekState,
} from "./pairing/messages.js";
export { TRANSIENT_PIN } from "./pairing/common.js";
export {
  PairSetupClient,
  type PairSetupClientOptions,
  type PairSetupClientState,
  type PairSetupResult,
  type TransientPairingResult,
} from "./pairing/pair-setup-client.js";
export {
  type PairedController,
  type PairingRefusal,
  PairSetupServer,
  type PairSetupServerOptions,
  type PairSetupServerState,
  type PairSetupServerStep,
} from "./pairing/pair-setup-server.js";
export {
  PairVerifyClient,
  type PairVerifyClientOptions,
  type PairVerifyClientState,
  type PairVerifyResult,
} from "./pairing/pair-verify-client.js";
export {
  PairVerifyServer,
  type PairVerifyServerOptions,
  type PairVerifyServerState,
  type PairVerifyServerStep,
  type VerifiedController,
} from "./pairing/pair-verify-server.js";

export { MessageCipher, type MessageCipherOptions, type NonceLayout } from "./ciphers/message-cipher.js";
export { HAP_BLOCK_LENGTH, HapBlockCipher, type HapBlockCipherOptions } from "./ciphers/hap-block-cipher.js";
