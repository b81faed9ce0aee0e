import type * as Atv from "../index.js";

/** The `atv` library as the CLI uses it (every value comes from here, loaded on demand). */
export type AtvLibrary = typeof Atv;

// A dynamic import: `atv --version` and argument errors never load the library. In the
// bundled command (dist/cli.js) this is a chunk of the same bundle, with the protocol
// packages inlined as further chunks of their own.
export async function loadLibrary(): Promise<AtvLibrary> {
  return import("../index.js");
}
