/**
 * SRP-6a (RFC 5054 / RFC 2945) on fast-srp-hap, in HAP's padded form: group = RFC 5054 3072-bit,
 * g = 5, SHA-512, username `Pair-Setup`; k = H(N ‖ PAD(g)), u = H(PAD(A) ‖ PAD(B)), K = H(PAD(S)),
 * M1 = H(H(N) ⊕ H(g) ‖ H(I) ‖ s ‖ PAD(A) ‖ PAD(B) ‖ K), M2 = H(PAD(A) ‖ M1 ‖ K).
 *
 * Public keys received from the peer are left-padded to the length of N before use, so a peer that
 * strips leading zero bytes still interoperates; we always send padded values. (pyatv, through
 * srptools, hashes A, B and S in minimal form instead; the results only differ when one of them has
 * a leading zero byte, roughly 1 in 256 pairings, and then pyatv is the one that disagrees with Apple.)
 */
import { createHash, randomBytes } from "node:crypto";
import { SRP, SrpClient as FastSrpClient, SrpServer as FastSrpServer, type SrpParams } from "fast-srp-hap";
import { assertBytes, equalBytes, fromBuffer, utf8, zeroize } from "./bytes.js";
import { ProtocolError } from "./errors.js";

/** `hap`: 3072-bit, g = 5, SHA-512 (pairing). `rfc5054-1024`: 1024-bit, g = 2, SHA-1 (RFC 5054 test vectors). */
export type SrpGroupName = "hap" | "rfc5054-1024";

const GROUPS: Record<SrpGroupName, SrpParams> = { hap: SRP.params.hap, "rfc5054-1024": SRP.params[1024] };

/** The SRP username HAP pair-setup uses. */
export const HAP_SRP_USERNAME = "Pair-Setup";

export interface SrpOptions {
  /** The salt (16 random bytes in HAP, chosen by the server). */
  salt: Uint8Array;
  /** The password: for HAP the PIN as ASCII text (e.g. `"0472"`, or `"3939"` for transient pairing). */
  password: string | Uint8Array;
  /** Default `Pair-Setup`. */
  username?: string | Uint8Array;
  /**
   * The private exponent (a for the client, b for the server), 32..N-length bytes with a non-zero
   * first byte. Random when omitted; set it only to replay test vectors.
   */
  privateKey?: Uint8Array;
  /** Default `hap`. */
  group?: SrpGroupName;
}

interface Resolved {
  params: SrpParams;
  lengthBytes: number;
  hash: string;
  salt: Buffer;
  username: Buffer;
  password: Buffer;
  privateKey: Buffer;
}

function resolve(options: SrpOptions): Resolved {
  const params = GROUPS[options.group ?? "hap"];
  if (params === undefined) throw new RangeError(`unknown SRP group: ${String(options.group)}`);
  const lengthBytes = params.N_length_bits / 8;
  assertBytes(options.salt, "salt");
  if (options.salt.length === 0) throw new RangeError("salt must not be empty");
  const password = typeof options.password === "string" ? utf8(options.password) : options.password;
  assertBytes(password, "password");
  if (password.length === 0) throw new RangeError("password must not be empty");
  const username =
    typeof options.username === "string"
      ? utf8(options.username)
      : (options.username ?? utf8(HAP_SRP_USERNAME));
  assertBytes(username, "username");
  let privateKey: Uint8Array;
  if (options.privateKey === undefined) {
    do privateKey = new Uint8Array(randomBytes(32));
    while (privateKey[0] === 0);
  } else {
    assertBytes(options.privateKey, "SRP private key");
    if (
      options.privateKey.length < 32 ||
      options.privateKey.length > lengthBytes ||
      options.privateKey[0] === 0
    ) {
      throw new RangeError(`SRP private key must be 32..${lengthBytes} bytes with a non-zero first byte`);
    }
    privateKey = options.privateKey;
  }
  return {
    params,
    lengthBytes,
    hash: params.hash,
    // Copies: fast-srp keeps references, and we zero our copies on dispose().
    salt: Buffer.from(options.salt),
    username: Buffer.from(username),
    password: Buffer.from(password),
    privateKey: Buffer.from(privateKey),
  };
}

/** Left-pads a peer's public key to the length of N; rejects empty or over-long values. */
function padPublicKey(value: Uint8Array, lengthBytes: number, name: string): Buffer {
  if (!(value instanceof Uint8Array) || value.length === 0 || value.length > lengthBytes) {
    throw new ProtocolError(
      `SRP ${name} must be 1..${lengthBytes} bytes, got ${value instanceof Uint8Array ? value.length : "none"}`,
    );
  }
  const out = Buffer.alloc(lengthBytes);
  out.set(value, lengthBytes - value.length);
  return out;
}

/** u = H(PAD(A) ‖ PAD(B)); SRP-6a requires aborting when it is zero. */
function scrambler(hash: string, a: Buffer, b: Buffer): Uint8Array {
  const u = createHash(hash).update(a).update(b).digest();
  if (u.every((x) => x === 0)) throw new ProtocolError("SRP scrambling parameter u is zero");
  return fromBuffer(u);
}

function wrapPeerKeyError(error: unknown, name: string): ProtocolError {
  return new ProtocolError(`SRP ${name} is invalid (must be 1..N-1)`, { cause: error });
}

/** The client (controller) side of SRP-6a. */
export class SrpClient {
  readonly #r: Resolved;
  readonly #client: FastSrpClient;
  readonly #publicKey: Buffer;
  #u: Uint8Array | undefined;
  #ready = false;

  constructor(options: SrpOptions) {
    this.#r = resolve(options);
    this.#client = new FastSrpClient(
      this.#r.params,
      this.#r.salt,
      this.#r.username,
      this.#r.password,
      this.#r.privateKey,
      true,
    );
    this.#publicKey = this.#client.computeA();
  }

  /** A, padded to the length of N (384 bytes for HAP). */
  get publicKey(): Uint8Array {
    return fromBuffer(this.#publicKey);
  }

  /** Takes the server's B; throws `ProtocolError` for an out-of-range B or a zero u. */
  setServerPublicKey(serverPublicKey: Uint8Array): void {
    if (this.#ready) throw new Error("SRP server public key already set");
    const b = padPublicKey(serverPublicKey, this.#r.lengthBytes, "B");
    this.#u = scrambler(this.#r.hash, this.#publicKey, b);
    try {
      this.#client.setB(b);
    } catch (error) {
      throw wrapPeerKeyError(error, "B");
    }
    this.#ready = true;
  }

  /** The client proof M1. */
  get proof(): Uint8Array {
    this.#assertReady();
    return fromBuffer(this.#client.computeM1());
  }

  /** The shared session key K (64 bytes for HAP); a copy the caller owns. */
  get sessionKey(): Uint8Array {
    this.#assertReady();
    return fromBuffer(this.#client.computeK());
  }

  /** Checks the server proof M2 = H(PAD(A) ‖ M1 ‖ K) in constant time. */
  verifyServerProof(serverProof: Uint8Array): boolean {
    this.#assertReady();
    if (!(serverProof instanceof Uint8Array)) return false;
    const expected = createHash(this.#r.hash)
      .update(this.#publicKey)
      .update(this.#client.computeM1())
      .update(this.#client.computeK())
      .digest();
    return equalBytes(expected, serverProof);
  }

  /** Zeroes the key material this object owns (fast-srp's big integers cannot be wiped). */
  dispose(): void {
    zeroize(this.#r.privateKey, this.#r.password);
    if (this.#ready) {
      zeroize(this.#client.computeK());
      const internals = this.#client as unknown as { _S?: Buffer };
      if (internals._S !== undefined) zeroize(internals._S);
    }
    this.#ready = false;
  }

  /** @internal For vector tests: u and the premaster secret S. */
  _debug(): { u: Uint8Array | undefined; S: Uint8Array | undefined } {
    const s = (this.#client as unknown as { _S?: Buffer })._S;
    return { u: this.#u, S: s === undefined ? undefined : fromBuffer(s) };
  }

  #assertReady(): void {
    if (!this.#ready) throw new Error("SRP server public key not set yet");
  }
}

/** The server (accessory) side of SRP-6a. */
export class SrpServer {
  readonly #r: Resolved;
  readonly #server: FastSrpServer;
  readonly #publicKey: Buffer;
  #u: Uint8Array | undefined;
  #ready = false;
  #verified = false;

  constructor(options: SrpOptions) {
    this.#r = resolve(options);
    this.#server = new FastSrpServer(
      this.#r.params,
      this.#r.salt,
      this.#r.username,
      this.#r.password,
      this.#r.privateKey,
    );
    this.#publicKey = this.#server.computeB();
  }

  /** B, padded to the length of N. */
  get publicKey(): Uint8Array {
    return fromBuffer(this.#publicKey);
  }

  /** Takes the client's A; throws `ProtocolError` for an out-of-range A or a zero u. */
  setClientPublicKey(clientPublicKey: Uint8Array): void {
    if (this.#ready) throw new Error("SRP client public key already set");
    const a = padPublicKey(clientPublicKey, this.#r.lengthBytes, "A");
    this.#u = scrambler(this.#r.hash, a, this.#publicKey);
    try {
      this.#server.setA(a);
    } catch (error) {
      throw wrapPeerKeyError(error, "A");
    }
    this.#ready = true;
  }

  /** Checks the client proof M1 in constant time. False means a wrong password (PIN). */
  verifyClientProof(clientProof: Uint8Array): boolean {
    this.#assertReady();
    const expected = this.#server._M1;
    if (expected === undefined) return false;
    this.#verified = clientProof instanceof Uint8Array && equalBytes(expected, clientProof);
    return this.#verified;
  }

  /** The server proof M2; only available after the client's proof verified. */
  get proof(): Uint8Array {
    if (!this.#verified) throw new Error("the client proof has not been verified");
    return fromBuffer(this.#server.computeM2());
  }

  /** The shared session key K; a copy the caller owns. */
  get sessionKey(): Uint8Array {
    this.#assertReady();
    return fromBuffer(this.#server.computeK());
  }

  dispose(): void {
    zeroize(this.#r.privateKey, this.#r.password);
    if (this.#ready) {
      zeroize(this.#server.computeK());
      if (this.#server._S !== undefined) zeroize(this.#server._S);
    }
    this.#ready = false;
    this.#verified = false;
  }

  /** @internal For vector tests: u and the premaster secret S. */
  _debug(): { u: Uint8Array | undefined; S: Uint8Array | undefined } {
    const s = this.#server._S;
    return { u: this.#u, S: s === undefined ? undefined : fromBuffer(s) };
  }

  #assertReady(): void {
    if (!this.#ready) throw new Error("SRP client public key not set yet");
  }
}

/** v = g^x mod N with x = H(s ‖ H(I ‖ ":" ‖ P)), padded to the length of N. */
export function srpVerifier(options: Omit<SrpOptions, "privateKey">): Uint8Array {
  const r = resolve({ ...options, privateKey: new Uint8Array(32).fill(1) });
  return fromBuffer(SRP.computeVerifier(r.params, r.salt, r.username, r.password));
}
