/** `pnpm bench:compare [old.json] [--current new.json]`: warnings only, always exit 0. */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compareReport } from "./compare.js";
import { loadPrevious, parseResults, RESULTS_PATH } from "./results.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const argv = process.argv.slice(2).filter((a) => a !== "--");
const currentAt = argv.indexOf("--current");
const currentPath = currentAt >= 0 ? argv.splice(currentAt, 2)[1] : undefined;
const explicit = argv[0];

try {
  const path = resolve(root, currentPath ?? RESULTS_PATH);
  const current = parseResults(readFileSync(path, "utf8"), path);
  const previous = loadPrevious(root, explicit === undefined ? undefined : resolve(process.cwd(), explicit));
  if (previous === undefined) {
    console.log("nothing to compare with: no bench/baseline.json and no bench/results.json at git HEAD");
  } else {
    console.log(
      `comparing ${RESULTS_PATH} (${current.machine.date}) with ${previous.source} (${previous.results.machine.date})`,
    );
    for (const line of compareReport(previous.results, current)) console.log(line);
  }
} catch (error) {
  console.log(`bench:compare: ${error instanceof Error ? error.message : String(error)}`);
}
