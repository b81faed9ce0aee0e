import type * as Atv from "../index.js";

/** The `atv` library as the CLI uses it (every value comes from here, loaded on demand). */
export type AtvLibrary = typeof Atv;

// The package imports itself by name through its exports map. The specifier is
// not a literal so the bundler leaves the import alone: dist/cli.js then loads
// dist/index.js (one copy of the library) and only when a command needs it, and
// `atv --version` never loads @atv/core or a protocol package.
const SELF = "atv";

export async function loadLibrary(): Promise<AtvLibrary> {
  return (await import(SELF)) as AtvLibrary;
}
