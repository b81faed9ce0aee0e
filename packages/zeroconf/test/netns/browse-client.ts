/** Runs inside a namespace: browseAll(options from argv[2]) and prints the devices as JSON. */
import { browseAll, type BrowseOptions } from "../../src/index.js";

const options = JSON.parse(process.argv[2] ?? "{}") as BrowseOptions;
const devices = await browseAll({ ...options, logger: { debug: (m) => process.stderr.write(`${m}\n`) } });
process.stdout.write(
  JSON.stringify(devices, (_k, v: unknown) =>
    v instanceof Map
      ? Object.fromEntries(
          [...(v as Map<string, Uint8Array>)].map(([k, b]) => [k, Buffer.from(b).toString("hex")]),
        )
      : v,
  ),
);
