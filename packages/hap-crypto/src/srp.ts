/**
 * SRP-6a (RFC 5054 / RFC 2945), our own implementation, in HAP's padded form:
 * k = H(N ‖ PAD(g)), u = H(PAD(A) ‖ PAD(B)), x = H(s ‖ H(I ‖ ":" ‖ P)),
 * M1 = H(H(N) ⊕ H(g) ‖ H(I) ‖ s ‖ PAD(A) ‖ PAD(B) ‖ K), M2 = H(PAD(A) ‖ M1 ‖ K),
 * K = H(PAD(S)) (or, for AirPlay 1 legacy pairing, H(PAD(S) ‖ 00000000) ‖ H(PAD(S) ‖ 00000001)).
 *
 * The modular exponentiations run natively in OpenSSL (see `modPow` in ./srp-modpow.ts); only the
 * cheap multiplications and additions modulo N use BigInt. A whole 3072-bit handshake costs a few
 * milliseconds of CPU per side instead of ~0.1–0.3 s with a pure-JS big-integer library.
 *
 * Public keys received from the peer are left-padded to the length of N before use, so a peer that
 * strips leading zero bytes still interoperates; we always send padded values. (pyatv, through
 * srptools, hashes A, B and S in minimal form instead; the results only differ when one of them has
 * a leading zero byte, roughly 1 in 256 pairings, and then pyatv is the one that disagrees with Apple.)
 */
import { createHash, randomBytes } from "node:crypto";
import { assertBytes, concatBytes, equalBytes, utf8, zeroize } from "./bytes.js";
import { ProtocolError } from "./errors.js";
import { bigIntToBytes, bytesToBigInt, modPow } from "./srp-modpow.js";

/**
 * Parameter sets:
 * - `hap`: RFC 5054 3072-bit group, g = 5, SHA-512, K = H(PAD(S)) (HAP pair-setup).
 * - `airplay-legacy`: RFC 5054 2048-bit group, g = 2, SHA-1, K = H(PAD(S) ‖ 0^4) ‖ H(PAD(S) ‖ 0001)
 *   (40 bytes; AirPlay 1 `/pair-setup-pin`).
 * - `rfc5054-1024`, `rfc5054-2048`, `rfc5054-3072`: the RFC 5054 groups with SHA-1 (the 3072-bit
 *   one with SHA-512 unless `hash` says otherwise) and K = H(PAD(S)); the 1024-bit one carries
 *   RFC 5054's test vectors.
 */
export type SrpGroupName = "hap" | "airplay-legacy" | "rfc5054-1024" | "rfc5054-2048" | "rfc5054-3072";

/** Hash functions SRP can be run with. */
export type SrpHash = "sha1" | "sha512";

/** How the session key K is derived from the premaster secret S. */
export type SrpSessionKeyDerivation = "hash" | "airplay-legacy";

interface Group {
  readonly N: bigint;
  readonly g: bigint;
  readonly lengthBytes: number;
  readonly hash: SrpHash;
  readonly derivation: SrpSessionKeyDerivation;
}

const N_1024 =
  "EEAF0AB9ADB38DD69C33F80AFA8FC5E86072618775FF3C0B9EA2314C9C256576D674DF7496EA81D3383B4813D692C6E0E0D5D8E250B98BE48E495C1D6089DAD15DC7D7B46154D6B6CE8EF4AD69B15D4982559B297BCF1885C529F566660E57EC68EDBC3C05726CC02FD4CBF4976EAA9AFD5138FE8376435B9FC61D2FC0EB06E3";
const N_2048 =
  "AC6BDB41324A9A9BF166DE5E1389582FAF72B6651987EE07FC3192943DB56050A37329CBB4A099ED8193E0757767A13DD52312AB4B03310DCD7F48A9DA04FD50E8083969EDB767B0CF6095179A163AB3661A05FBD5FAAAE82918A9962F0B93B855F97993EC975EEAA80D740ADBF4FF747359D041D5C33EA71D281E446B14773BCA97B43A23FB801676BD207A436C6481F1D2B9078717461A5B9D32E688F87748544523B524B0D57D5EA77A2775D2ECFA032CFBDBF52FB3786160279004E57AE6AF874E7303CE53299CCC041C7BC308D82A5698F3A8D0C38271AE35F8E9DBFBB694B5C803D89F7AE435DE236D525F54759B65E372FCD68EF20FA7111F9E4AFF73";
const N_3072 =
  "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

function group(hexN: string, g: bigint, hash: SrpHash, derivation: SrpSessionKeyDerivation = "hash"): Group {
  return { N: BigInt(`0x${hexN}`), g, lengthBytes: hexN.length / 2, hash, derivation };
}

const GROUPS: Record<SrpGroupName, Group> = {
  hap: group(N_3072, 5n, "sha512"),
  "airplay-legacy": group(N_2048, 2n, "sha1", "airplay-legacy"),
  "rfc5054-1024": group(N_1024, 2n, "sha1"),
  "rfc5054-2048": group(N_2048, 2n, "sha1"),
  "rfc5054-3072": group(N_3072, 5n, "sha512"),
};

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
   * The private exponent (a for the client, b for the server), 32..N-length bytes, not all zero.
   * Random when omitted (32 bytes with a non-zero first byte); set it to replay test vectors or, for
   * AirPlay legacy pairing, to reuse the client's seed as pyatv does.
   */
  privateKey?: Uint8Array;
  /** Default `hap`. */
  group?: SrpGroupName;
  /** Overrides the group's hash function. */
  hash?: SrpHash;
}

interface Resolved {
  group: Group;
  hash: SrpHash;
  salt: Uint8Array;
  username: Uint8Array;
  password: Uint8Array;
  privateKey: Uint8Array;
}

function resolve(options: SrpOptions): Resolved {
  const g = GROUPS[options.group ?? "hap"];
  if (g === undefined) throw new RangeError(`unknown SRP group: ${String(options.group)}`);
  const hash = options.hash ?? g.hash;
  if (hash !== "sha1" && hash !== "sha512") throw new RangeError(`unknown SRP hash: ${String(hash)}`);
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
      options.privateKey.length > g.lengthBytes ||
      options.privateKey.every((b) => b === 0)
    ) {
      throw new RangeError(`SRP private key must be 32..${g.lengthBytes} bytes and not zero`);
    }
    privateKey = new Uint8Array(options.privateKey);
  }
  return {
    group: g,
    hash,
    // Copies we own and zero on dispose().
    salt: new Uint8Array(options.salt),
    username: new Uint8Array(username),
    password: new Uint8Array(password),
    privateKey,
  };
}

function H(hash: SrpHash, ...parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash(hash);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** Big-endian bytes of `value`, left-padded to the length of N. */
function pad(value: bigint, r: Resolved): Uint8Array {
  return bigIntToBytes(value, r.group.lengthBytes);
}

/** k = H(N ‖ PAD(g)). */
function multiplier(r: Resolved): bigint {
  return bytesToBigInt(H(r.hash, pad(r.group.N, r), pad(r.group.g, r)));
}

/** x = H(s ‖ H(I ‖ ":" ‖ P)). */
function passwordExponent(r: Resolved): bigint {
  const inner = H(r.hash, r.username, utf8(":"), r.password);
  const x = bytesToBigInt(H(r.hash, r.salt, inner));
  inner.fill(0);
  return x;
}

/** Parses a peer's public key: 1..len(N) bytes (left-padded), value in 1..N-1. */
function parsePublicKey(value: Uint8Array, r: Resolved, name: string): { padded: Uint8Array; value: bigint } {
  const length = r.group.lengthBytes;
  if (!(value instanceof Uint8Array) || value.length === 0 || value.length > length) {
    throw new ProtocolError(
      `SRP ${name} must be 1..${length} bytes, got ${value instanceof Uint8Array ? value.length : "none"}`,
    );
  }
  const n = bytesToBigInt(value);
  if (n === 0n || n >= r.group.N) throw new ProtocolError(`SRP ${name} is invalid (must be 1..N-1)`);
  return { padded: pad(n, r), value: n };
}

/** u = H(PAD(A) ‖ PAD(B)); SRP-6a requires aborting when it is zero. */
function scrambler(r: Resolved, a: Uint8Array, b: Uint8Array): Uint8Array {
  const u = H(r.hash, a, b);
  if (u.every((x) => x === 0)) throw new ProtocolError("SRP scrambling parameter u is zero");
  return u;
}

function sessionKey(r: Resolved, premaster: Uint8Array): Uint8Array {
  if (r.group.derivation === "hash") return H(r.hash, premaster);
  return concatBytes(
    H(r.hash, premaster, new Uint8Array([0, 0, 0, 0])),
    H(r.hash, premaster, new Uint8Array([0, 0, 0, 1])),
  );
}

/** M1 = H(H(N) ⊕ H(g) ‖ H(I) ‖ s ‖ PAD(A) ‖ PAD(B) ‖ K). */
function clientProof(r: Resolved, a: Uint8Array, b: Uint8Array, k: Uint8Array): Uint8Array {
  const hN = H(r.hash, bigIntToBytes(r.group.N, r.group.lengthBytes));
  const hG = H(r.hash, bigIntToBytes(r.group.g));
  for (let i = 0; i < hN.length; i++) hN[i] = (hN[i] as number) ^ (hG[i] as number);
  return H(r.hash, hN, H(r.hash, r.username), r.salt, a, b, k);
}

/** The client (controller) side of SRP-6a. */
export class SrpClient {
  readonly #r: Resolved;
  readonly #a: bigint;
  readonly #publicKey: Uint8Array;
  #u: Uint8Array | undefined;
  #S: Uint8Array | undefined;
  #K: Uint8Array | undefined;
  #M1: Uint8Array | undefined;

  constructor(options: SrpOptions) {
    this.#r = resolve(options);
    this.#a = bytesToBigInt(this.#r.privateKey);
    this.#publicKey = pad(modPow(this.#r.group.g, this.#a, this.#r.group.N), this.#r);
  }

  /** A, padded to the length of N (384 bytes for HAP). */
  get publicKey(): Uint8Array {
    return new Uint8Array(this.#publicKey);
  }

  /** Takes the server's B; throws `ProtocolError` for an out-of-range B or a zero u. */
  setServerPublicKey(serverPublicKey: Uint8Array): void {
    if (this.#K !== undefined) throw new Error("SRP server public key already set");
    const r = this.#r;
    const { N, g } = r.group;
    const B = parsePublicKey(serverPublicKey, r, "B");
    const uBytes = scrambler(r, this.#publicKey, B.padded);
    const u = bytesToBigInt(uBytes);
    const x = passwordExponent(r);
    const k = multiplier(r);
    // S = (B − k·g^x)^(a + u·x) mod N
    const base = (((B.value - ((k * modPow(g, x, N)) % N)) % N) + N) % N;
    const S = pad(modPow(base, this.#a + u * x, N), r);
    this.#u = uBytes;
    this.#S = S;
    this.#K = sessionKey(r, S);
    this.#M1 = clientProof(r, this.#publicKey, B.padded, this.#K);
  }

  /** The client proof M1. */
  get proof(): Uint8Array {
    return new Uint8Array(this.#ready().M1);
  }

  /** The shared session key K (64 bytes for HAP, 40 for AirPlay legacy); a copy the caller owns. */
  get sessionKey(): Uint8Array {
    return new Uint8Array(this.#ready().K);
  }

  /** Checks the server proof M2 = H(PAD(A) ‖ M1 ‖ K) in constant time. */
  verifyServerProof(serverProof: Uint8Array): boolean {
    const { M1, K } = this.#ready();
    if (!(serverProof instanceof Uint8Array)) return false;
    return equalBytes(H(this.#r.hash, this.#publicKey, M1, K), serverProof);
  }

  /** Zeroes the key material this object owns (BigInt intermediates cannot be wiped). */
  dispose(): void {
    zeroize(this.#r.privateKey, this.#r.password, this.#S, this.#K);
    this.#S = undefined;
    this.#K = undefined;
    this.#M1 = undefined;
  }

  /** @internal For vector tests: u and the premaster secret S. */
  _debug(): { u: Uint8Array | undefined; S: Uint8Array | undefined } {
    return { u: this.#u, S: this.#S === undefined ? undefined : new Uint8Array(this.#S) };
  }

  #ready(): { M1: Uint8Array; K: Uint8Array } {
    if (this.#K === undefined || this.#M1 === undefined) throw new Error("SRP server public key not set yet");
    return { M1: this.#M1, K: this.#K };
  }
}

/** The server (accessory) side of SRP-6a. */
export class SrpServer {
  readonly #r: Resolved;
  readonly #b: bigint;
  readonly #v: bigint;
  readonly #publicKey: Uint8Array;
  #u: Uint8Array | undefined;
  #S: Uint8Array | undefined;
  #K: Uint8Array | undefined;
  #M1: Uint8Array | undefined;
  #A: Uint8Array | undefined;
  #verified = false;

  constructor(options: SrpOptions) {
    this.#r = resolve(options);
    const { N, g } = this.#r.group;
    this.#b = bytesToBigInt(this.#r.privateKey);
    this.#v = modPow(g, passwordExponent(this.#r), N);
    // B = k·v + g^b mod N
    const B = (multiplier(this.#r) * this.#v + modPow(g, this.#b, N)) % N;
    this.#publicKey = pad(B, this.#r);
  }

  /** B, padded to the length of N. */
  get publicKey(): Uint8Array {
    return new Uint8Array(this.#publicKey);
  }

  /** Takes the client's A; throws `ProtocolError` for an out-of-range A or a zero u. */
  setClientPublicKey(clientPublicKey: Uint8Array): void {
    if (this.#K !== undefined) throw new Error("SRP client public key already set");
    const r = this.#r;
    const { N } = r.group;
    const A = parsePublicKey(clientPublicKey, r, "A");
    const uBytes = scrambler(r, A.padded, this.#publicKey);
    // S = (A · v^u)^b mod N
    const base = (A.value * modPow(this.#v, bytesToBigInt(uBytes), N)) % N;
    const S = pad(modPow(base, this.#b, N), r);
    this.#u = uBytes;
    this.#S = S;
    this.#A = A.padded;
    this.#K = sessionKey(r, S);
    this.#M1 = clientProof(r, A.padded, this.#publicKey, this.#K);
  }

  /** Checks the client proof M1 in constant time. False means a wrong password (PIN). */
  verifyClientProof(clientProof: Uint8Array): boolean {
    const expected = this.#ready().M1;
    this.#verified = clientProof instanceof Uint8Array && equalBytes(expected, clientProof);
    return this.#verified;
  }

  /** The server proof M2; only available after the client's proof verified. */
  get proof(): Uint8Array {
    if (!this.#verified) throw new Error("the client proof has not been verified");
    const { M1, K } = this.#ready();
    return H(this.#r.hash, this.#A as Uint8Array, M1, K);
  }

  /** The shared session key K; a copy the caller owns. */
  get sessionKey(): Uint8Array {
    return new Uint8Array(this.#ready().K);
  }

  dispose(): void {
    zeroize(this.#r.privateKey, this.#r.password, this.#S, this.#K);
    this.#S = undefined;
    this.#K = undefined;
    this.#M1 = undefined;
    this.#verified = false;
  }

  /** @internal For vector tests: u and the premaster secret S. */
  _debug(): { u: Uint8Array | undefined; S: Uint8Array | undefined } {
    return { u: this.#u, S: this.#S === undefined ? undefined : new Uint8Array(this.#S) };
  }

  #ready(): { M1: Uint8Array; K: Uint8Array } {
    if (this.#K === undefined || this.#M1 === undefined) throw new Error("SRP client public key not set yet");
    return { M1: this.#M1, K: this.#K };
  }
}

/** v = g^x mod N with x = H(s ‖ H(I ‖ ":" ‖ P)), padded to the length of N. */
export function srpVerifier(options: Omit<SrpOptions, "privateKey">): Uint8Array {
  const r = resolve({ ...options, privateKey: new Uint8Array(32).fill(1) });
  return pad(modPow(r.group.g, passwordExponent(r), r.group.N), r);
}
