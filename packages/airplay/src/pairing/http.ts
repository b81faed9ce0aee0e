/** Pairing requests on the AirPlay connection (airplay.md §5.1/§5.2): headers, status handling. */
import type { CallOptions } from "@atv/core";
import { AirPlayHttpError, ConnectionAuthorizationRequiredError } from "../errors.js";
import type { HttpConnection } from "../http/connection.js";

/** `X-Apple-HKP` values: 3 = normal HAP pairing / verify, 4 = transient. */
export const Hkp = { Normal: 3, Transient: 4 } as const;
export type Hkp = (typeof Hkp)[keyof typeof Hkp];

export interface PairingRequestOptions extends CallOptions {
  hkp: Hkp;
  /** `X-Apple-Client-Name` (HAP pair-setup only: tvOS 26.4+ shows no PIN without it). */
  clientName?: string;
  timeoutMs?: number;
  /** Default `application/octet-stream` (AirPlay); HomeKit accessories want `application/pairing+tlv8`. */
  contentType?: string;
}

/** Header values must be Latin-1 without control characters: anything else is replaced by `?`. */
export function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e\xa0-\xff]/g, "?");
}

/** POSTs one pairing message and returns the response body. 470 and other errors are typed. */
export async function postPairing(
  connection: HttpConnection,
  path: string,
  body: Uint8Array,
  options: PairingRequestOptions,
): Promise<Uint8Array> {
  const headers: [string, string][] = [
    ["User-Agent", "AirPlay/320.20"],
    ["Connection", "keep-alive"],
    ["X-Apple-HKP", String(options.hkp)],
    ["Content-Type", options.contentType ?? "application/octet-stream"],
  ];
  if (options.clientName !== undefined) headers.push(["X-Apple-Client-Name", headerSafe(options.clientName)]);
  const response = await connection.request(
    { method: "POST", uri: path, headers, body },
    {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    },
  );
  if (response.status === 470) {
    throw new ConnectionAuthorizationRequiredError(
      `${path}: device answered 470 Connection Authorization Required (credentials missing or not accepted)`,
    );
  }
  if (response.status !== 200) {
    throw new AirPlayHttpError(
      `${path}: device answered ${response.status} ${response.reason}`,
      response.status,
    );
  }
  return response.body;
}

/** Apple's 0x11 item: OPACK `{"name": <name>}` (the only OPACK AirPlay pairing needs). */
export function opackName(name: string): Uint8Array {
  const text = (s: string): number[] => {
    const bytes = [...Buffer.from(s, "utf8")];
    if (bytes.length <= 0x20) return [0x40 + bytes.length, ...bytes];
    if (bytes.length <= 0xff) return [0x61, bytes.length, ...bytes];
    const clipped = bytes.slice(0, 0xffff);
    return [0x62, clipped.length & 0xff, clipped.length >> 8, ...clipped];
  };
  return new Uint8Array([0xe1, ...text("name"), ...text(name)]);
}
