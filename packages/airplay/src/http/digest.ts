/**
 * HTTP Digest authentication as AirPlay/RAOP receivers use it (RFC 2617 MD5 without qop;
 * raop.md §10): parse `WWW-Authenticate: Digest realm=…, nonce=…` and build `Authorization`.
 */
import { createHash } from "node:crypto";
import { MalformedMessageError } from "./errors.js";

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
}

export interface DigestCredentials {
  /** Any user name works on Apple receivers; pyatv sends `pyatv`. */
  readonly username: string;
  readonly password: string;
}

const md5hex = (text: string): string => createHash("md5").update(text, "utf8").digest("hex");

/** Parses a `Digest` challenge; MalformedMessageError when it is not one or lacks realm/nonce. */
export function parseDigestChallenge(header: string): DigestChallenge {
  const match = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!match) throw new MalformedMessageError("WWW-Authenticate is not a Digest challenge");
  const params = new Map<string, string>();
  const re = /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"([^"]*)"|([^\s,]*))\s*(?:,|$)/g;
  const rest = match[1] as string;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    params.set((m[1] as string).toLowerCase(), m[2] ?? m[3] ?? "");
    if (re.lastIndex >= rest.length) break;
  }
  const realm = params.get("realm");
  const nonce = params.get("nonce");
  if (realm === undefined || nonce === undefined)
    throw new MalformedMessageError("Digest challenge without realm or nonce");
  return { realm, nonce };
}

/** The `response` value: MD5(MD5(user:realm:password):nonce:MD5(method:uri)), lower-case hex. */
export function digestResponse(
  challenge: DigestChallenge,
  credentials: DigestCredentials,
  method: string,
  uri: string,
): string {
  const ha1 = md5hex(`${credentials.username}:${challenge.realm}:${credentials.password}`);
  const ha2 = md5hex(`${method}:${uri}`);
  return md5hex(`${ha1}:${challenge.nonce}:${ha2}`);
}

/** The `Authorization` header value for one request. */
export function digestAuthorization(
  challenge: DigestChallenge,
  credentials: DigestCredentials,
  method: string,
  uri: string,
): string {
  const response = digestResponse(challenge, credentials, method, uri);
  return (
    `Digest username="${credentials.username}", realm="${challenge.realm}", ` +
    `nonce="${challenge.nonce}", uri="${uri}", response="${response}"`
  );
}

/** Server side: checks an `Authorization` header against the expected password. */
export function verifyDigestAuthorization(
  header: string | undefined,
  challenge: DigestChallenge,
  password: string,
  method: string,
): boolean {
  if (!header) return false;
  let params: Map<string, string>;
  try {
    const parsed = /^\s*Digest\s+(.*)$/is.exec(header);
    if (!parsed) return false;
    params = new Map();
    const re = /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"([^"]*)"|([^\s,]*))/g;
    for (const m of (parsed[1] as string).matchAll(re))
      params.set((m[1] as string).toLowerCase(), m[2] ?? m[3] ?? "");
  } catch {
    return false;
  }
  const username = params.get("username");
  const uri = params.get("uri");
  const response = params.get("response");
  if (username === undefined || uri === undefined || response === undefined) return false;
  if (params.get("realm") !== challenge.realm || params.get("nonce") !== challenge.nonce) return false;
  return digestResponse(challenge, { username, password }, method, uri) === response.toLowerCase();
}
