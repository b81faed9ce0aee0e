import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadVector, unhex } from "@atv/test-utils";

/** One captured frame of test/vectors/mrp-*.json (pyatv client ↔ pyatv fake device). */
export interface VectorExchange {
  dir: "client->device" | "device->client";
  hex: string;
  meaning: string;
  conn: number;
  /** Seconds since the start of the capture. */
  t: number;
  decoded: {
    varint_length: number;
    varint_bytes: number;
    type: string;
    protobuf_text?: string;
  };
  encrypted?: { key: string; nonce: string; plaintext_hex: string };
}

export interface MrpVector {
  source: string;
  exchanges: VectorExchange[];
  [key: string]: unknown;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Loads a captured vector: test/vectors first (committed copy), else ../shared/vectors. */
export function mrpVector(name: "mrp-plaintext-session.json" | "mrp-pair-setup.json"): MrpVector {
  return loadVector<MrpVector>(name, join(here, "vectors"));
}

/** The bytes of every exchange, concatenated per direction and connection: the raw TCP stream. */
export function stream(vector: MrpVector, dir: VectorExchange["dir"], conn = 1): Uint8Array {
  const parts = vector.exchanges.filter((e) => e.dir === dir && e.conn === conn).map((e) => unhex(e.hex));
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}
