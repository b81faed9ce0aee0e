import { createHash } from "node:crypto";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** SHA-256 of a text, hex (what pyatv uses to tell whether anything changed). */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Runs a synchronous step as a promise; an aborted signal (or a throw) rejects it
 * with the thrown value itself (e.g. the signal's abort reason).
 */
export function settle<T>(signal: AbortSignal | undefined, step: () => T): Promise<T> {
  return new Promise<T>((resolve) => {
    signal?.throwIfAborted();
    resolve(step());
  });
}
