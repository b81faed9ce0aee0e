/** The device side of remote pairing: the Apple TV calls a remote's `/pair` with the code for the typed PIN. */
import { request } from "node:http";
import { InvalidDmapDataError, PairingError, type CallOptions } from "@atv/core";
import { decodeDmap } from "../codec/decode.js";
import { firstBigUint } from "../codec/query.js";
import { pairingCode } from "../pairing-code.js";
import type { DmapServer } from "./server.js";

export interface RemoteToPair {
  /** Where the remote's pairing server listens (from its `_touch-remote._tcp` SRV/A records). */
  address: string;
  port: number;
  /** Its TXT `Pair` value (the remote's GUID). */
  pairingGuid: string;
  /** The PIN the user typed on the device. */
  pin: string;
}

/**
 * Calls the remote's `/pair?pairingcode=…&servicename=…`. On 200 with a `cmpa` answer the
 * remote's GUID may log in from now on and is returned (`0x…`); a refusal is a PairingError.
 */
export async function pairWithRemote(
  device: DmapServer,
  remote: RemoteToPair,
  options: CallOptions = {},
): Promise<string> {
  const code = pairingCode(remote.pairingGuid, remote.pin).toUpperCase();
  const path = `/pair?pairingcode=${code}&servicename=${encodeURIComponent(device.name)}`;
  const { status, body } = await new Promise<{ status: number; body: Uint8Array }>((resolve, reject) => {
    const req = request(
      {
        host: remote.address,
        port: remote.port,
        path,
        method: "GET",
        signal: AbortSignal.any([AbortSignal.timeout(10_000), ...(options.signal ? [options.signal] : [])]),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > 4096) req.destroy(new InvalidDmapDataError("pairing answer too large"));
          else chunks.push(c);
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: new Uint8Array(Buffer.concat(chunks)) }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
  if (status !== 200) throw new PairingError(`remote refused pairing (HTTP ${status})`);
  const guid = firstBigUint(decodeDmap(body), "cmpa", "cmpg");
  if (guid === undefined) throw new PairingError("pairing answer has no cmpa/cmpg");
  const text = `0x${guid.toString(16).toUpperCase().padStart(16, "0")}`;
  device.pairingGuids.add(text);
  return text;
}
