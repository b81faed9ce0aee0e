/** The captured pyatv scan (test/vectors/zeroconf-unicast-scan.json; its "source" says how it was made). */
import { loadVector } from "@atv/test-utils";
import { fileURLToPath } from "node:url";

export interface VectorRecord {
  name: string;
  type: string;
  class: string;
  ttl: number;
  ptr?: string;
  a?: string;
  txt?: string[];
  srv?: { priority: number; weight: number; port: number; target: string };
}
export interface Exchange {
  dir: string;
  conn: number;
  hex: string;
  decoded: {
    id: string;
    flags: string;
    questions: { name: string; type: string; class: string; unicast_response: boolean }[];
    answers?: VectorRecord[];
    additionals?: VectorRecord[];
  };
}
export interface ScanVector {
  notes: string;
  exchanges: Exchange[];
  scan_result: {
    name: string;
    address: string;
    services: { protocol: string; port: number; properties: Record<string, string> }[];
  }[];
}

export const vectorDir = fileURLToPath(new URL("./vectors", import.meta.url));
export const scanVector = loadVector<ScanVector>("zeroconf-unicast-scan.json", vectorDir);
