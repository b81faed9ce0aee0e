import type createDebugType from "debug";

/** A logger as the `debug` package shapes it: printf-style, with an `enabled` flag. */
export interface Logger {
  (formatter: string, ...args: unknown[]): void;
  readonly enabled: boolean;
}

type CreateDebug = typeof createDebugType;

/** What every logger is while DEBUG is unset: `debug` would build a disabled one. */
const disabled: Logger = Object.assign((): void => undefined, { enabled: false as const });

let createDebug: CreateDebug | undefined;

/**
 * `debug`, loaded the first time a logger can be enabled. Loading it costs a few ms of every
 * cold start (issue 15: its tty/util requires and the optional supports-color lookup), for a
 * logger that is off unless DEBUG is set. The bundles (dist, the CLI) inline it and esbuild
 * turns this `require` into a call to the inlined copy; TypeScript sources run as ES modules
 * (tsx) have no `require` and load the installed package (node:module, itself a few hundred µs
 * to load, only then).
 */
function loadDebug(): CreateDebug {
  if (createDebug) return createDebug;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild inlines it (see above)
  if (typeof require === "function") createDebug = require("debug") as CreateDebug;
  else
    createDebug = process.getBuiltinModule("node:module").createRequire(import.meta.url)(
      "debug",
    ) as CreateDebug;
  return createDebug;
}

/**
 * The default logger for a namespace (`atv:mrp`, …); enabled by DEBUG=atv:*. As with `debug`,
 * DEBUG is read when the first logger is made while it is set (the CLI sets it before that).
 */
export function createLogger(namespace: string): Logger {
  if (!createDebug && !process.env["DEBUG"]) return disabled;
  return loadDebug()(namespace);
}

/** Hex of at most `max` bytes for debug logs, with the total length when truncated. */
export function hexPreview(bytes: Uint8Array, max = 64): string {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, max)).toString("hex");
  return bytes.byteLength > max ? `${head}… (${bytes.byteLength} bytes)` : head;
}
