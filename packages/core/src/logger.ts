import createDebug from "debug";

/** A logger as the `debug` package shapes it: printf-style, with an `enabled` flag. */
export interface Logger {
  (formatter: string, ...args: unknown[]): void;
  readonly enabled: boolean;
}

/** The default logger for a namespace (`atv:mrp`, …); enabled by DEBUG=atv:*. */
export function createLogger(namespace: string): Logger {
  return createDebug(namespace);
}

/** Hex of at most `max` bytes for debug logs, with the total length when truncated. */
export function hexPreview(bytes: Uint8Array, max = 64): string {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, max)).toString("hex");
  return bytes.byteLength > max ? `${head}… (${bytes.byteLength} bytes)` : head;
}
