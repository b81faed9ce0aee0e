// Runs after tsup in a package (cwd): tsup writes every declaration twice, dist/X.d.ts for the
// ESM build and an identical dist/X.d.cts for the CommonJS one. Each ESM entry declaration
// becomes a one-line re-export of its CommonJS twin (an ES module may import CommonJS types; the
// reverse is an error), and ESM declaration chunks only those entries imported are removed. Same
// types for both builds, half the declaration bytes in every install (issue 15).
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dist = "dist";
const pkg = JSON.parse(readFileSync("package.json", "utf8"));

/** Every `./dist/….d.ts` that package.json names (top-level types and export conditions). */
function declaredTypes(value, out = new Set()) {
  if (typeof value === "string") {
    if (value.startsWith("./dist/") && value.endsWith(".d.ts")) out.add(value.slice("./dist/".length));
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) declaredTypes(v, out);
  }
  return out;
}

const entries = declaredTypes([pkg.types, pkg.exports]);
const files = new Set(readdirSync(dist));
for (const name of files) {
  if (!name.endsWith(".d.ts")) continue;
  const base = name.slice(0, -".d.ts".length);
  if (!files.has(`${base}.d.cts`)) continue;
  if (entries.has(name)) writeFileSync(join(dist, name), `export * from "./${base}.cjs";\n`);
  else rmSync(join(dist, name));
}
