import { loadVector, unhex } from "@atv/test-utils";

/** One captured frame of companion-pair-and-session.json (pyatv 0.18 client ↔ pyatv's fake device). */
export interface CompanionExchange {
  dir: "client->device" | "device->client";
  hex: string;
  meaning: string;
  conn: number;
  t: number;
  decoded: { frame_type: string; header_hex: string; payload_length: number; opack?: unknown };
  encrypted?: { key: string; nonce: string; aad: string; plaintext_hex: string };
}

export interface CompanionVector {
  source: string;
  new_credentials: string;
  keys: Record<string, string>[];
  device_side_secrets: Record<string, string>;
  exchanges: CompanionExchange[];
}

export function companionVector(): CompanionVector {
  return loadVector<CompanionVector>("companion-pair-and-session.json");
}

/** The bytes of every exchange of one direction and connection, concatenated: the raw TCP stream. */
export function stream(vector: CompanionVector, dir: CompanionExchange["dir"], conn: number): Uint8Array {
  const parts = vector.exchanges.filter((e) => e.dir === dir && e.conn === conn).map((e) => unhex(e.hex));
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}
