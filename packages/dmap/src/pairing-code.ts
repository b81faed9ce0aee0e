/** Remote pairing arithmetic (dmap.md §8): pure, no I/O. */
import { createHash, randomBytes } from "node:crypto";
import { encodeDmap } from "./codec/encode.js";
import { container, str, uint } from "./codec/node.js";

const GUID = /^[0-9A-F]{16}$/;

/** 64 random bits as 16 upper-case hex digits. */
export function randomPairingGuid(): string {
  return randomBytes(8).toString("hex").toUpperCase();
}

/** Upper-cases and checks a pairing GUID (accepts an optional `0x`). TypeError when malformed. */
export function normalizePairingGuid(guid: string): string {
  const g = guid.replace(/^0x/i, "").toUpperCase();
  if (!GUID.test(g)) throw new TypeError("pairing GUID must be 16 hex digits");
  return g;
}

/** The code the device sends: lower-case hex MD5 of GUID ‖ each PIN digit followed by NUL. */
export function pairingCode(guid: string, pin: string): string {
  const digits = pin.padStart(4, "0");
  let text = normalizePairingGuid(guid);
  for (const d of digits) text += `${d}\u0000`;
  return createHash("md5").update(text, "latin1").digest("hex");
}

/** The body a remote answers a correct `/pair` with: `cmpa { cmpg, cmnm, cmty }`. */
export function pairingResponse(guid: string, name: string, deviceType = "iPhone"): Uint8Array {
  return encodeDmap(
    container(
      "cmpa",
      uint("cmpg", BigInt(`0x${normalizePairingGuid(guid)}`), 8),
      str("cmnm", name),
      str("cmty", deviceType),
    ),
  );
}

/** pyatv's instance name: the IPv4 address as a decimal integer, zero-padded to 40 digits. */
export function remoteInstanceName(ipv4: string): string {
  const n = ipv4.split(".").reduce((acc, part) => acc * 256n + BigInt(Number(part)), 0n);
  return n.toString().padStart(40, "0");
}
