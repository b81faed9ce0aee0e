/** DMAP login ids (dmap.md §1): a pairing GUID `0x` + 16 hex digits, or a Home Sharing id (hsgid). */
import { InvalidCredentialsError, NoCredentialsError } from "@atv/core";

const PAIRING_GUID = /^0x[0-9A-Fa-f]{16}$/;
const HSGID = /^[0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$/;

export type LoginId =
  | { readonly kind: "pairing-guid"; readonly value: string }
  | { readonly kind: "hsgid"; readonly value: string };

/** Parses credentials into the login query parameter to use. NoCredentials/InvalidCredentials errors. */
export function parseLoginId(credentials: string | undefined): LoginId {
  if (credentials === undefined || credentials === "")
    throw new NoCredentialsError("DMAP needs credentials (pairing GUID or hsgid)");
  if (PAIRING_GUID.test(credentials)) return { kind: "pairing-guid", value: credentials };
  if (HSGID.test(credentials)) return { kind: "hsgid", value: credentials };
  throw new InvalidCredentialsError("invalid DMAP credentials: expected 0x + 16 hex digits or an hsgid");
}

/** The query parameter for /login, e.g. `pairing-guid=0x0123…`. */
export function loginParameter(id: LoginId): string {
  return `${id.kind}=${id.value}`;
}
