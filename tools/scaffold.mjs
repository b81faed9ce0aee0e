#!/usr/bin/env node
// Writes the per-package boilerplate (package.json, tsconfig, tsup, vitest) for a
// published package: node tools/scaffold.mjs <dir-name> <npm-name> "<description>" [dep@ver…]
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [dir, name, description, ...deps] = process.argv.slice(2);
if (!dir || !name || !description) throw new Error("usage: scaffold <dir> <name> <description> [deps…]");
const base = join(root, "packages", dir);
mkdirSync(join(base, "src"), { recursive: true });
mkdirSync(join(base, "test"), { recursive: true });
const dependencies = Object.fromEntries(
  deps.map((d) => {
    const at = d.lastIndexOf("@");
    return at > 0 ? [d.slice(0, at), d.slice(at + 1)] : [d, "workspace:*"];
  }),
);
const pkg = {
  name,
  version: "0.0.0",
  description,
  license: "MIT",
  type: "module",
  sideEffects: false,
  engines: { node: ">=20.19" },
  files: ["dist", "src", "README.md"],
  main: "./dist/index.cjs",
  module: "./dist/index.js",
  types: "./dist/index.d.cts",
  exports: {
    ".": {
      "@atv/source": "./src/index.ts",
      import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
      require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
    },
    "./package.json": "./package.json",
  },
  scripts: {
    build: "tsup && node ../../tools/dts-stubs.mjs",
    typecheck: "tsc -p tsconfig.json",
    lint: "eslint src test",
    test: "vitest run",
    bench: "vitest bench --run",
  },
  dependencies,
  publishConfig: { access: "public" },
};
if (!existsSync(join(base, "package.json")))
  writeFileSync(join(base, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
writeFileSync(
  join(base, "tsconfig.json"),
  JSON.stringify({ extends: "../../tsconfig.base.json", include: ["src", "test", "bench"] }, null, 2) + "\n",
);
writeFileSync(
  join(base, "tsup.config.ts"),
  `import { defineConfig } from "tsup";\nimport { baseTsupConfig } from "../../tsup.config.base.js";\n\nexport default defineConfig({ ...baseTsupConfig });\n`,
);
writeFileSync(
  join(base, "vitest.config.ts"),
  `import { atvProject } from "../../vitest.shared.js";\n\nexport default atvProject(${JSON.stringify(name)});\n`,
);
console.log(`scaffolded packages/${dir}`);
