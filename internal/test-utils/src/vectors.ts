import { readFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** The team's shared fact sheets and captured vectors (../shared next to the checkout), if present. */
export function sharedDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [process.env["ATV_SHARED_DIR"], join(here, "../../../../shared")]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Loads a JSON vector file: from `localDir` if given, else the committed copies in
 * internal/test-utils/vectors, else ../shared/vectors.
 */
export function loadVector<T = unknown>(name: string, localDir?: string): T {
  const here = dirname(fileURLToPath(import.meta.url));
  const shared = sharedDir();
  const candidates = [
    localDir && join(localDir, name),
    join(here, "..", "vectors", name),
    shared && join(shared, "vectors", name),
  ];
  for (const c of candidates) if (c && existsSync(c)) return JSON.parse(readFileSync(c, "utf8")) as T;
  throw new Error(`vector ${name} not found (looked in ${candidates.filter(Boolean).join(", ")})`);
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

export function unhex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`not hex: ${text.slice(0, 40)}`);
  return new Uint8Array(Buffer.from(clean, "hex"));
}
