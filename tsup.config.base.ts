import { builtinModules, createRequire } from "node:module";
import type { Options } from "tsup";

type EsbuildPlugin = NonNullable<Options["esbuildPlugins"]>[number];

const nodeRequire = createRequire(import.meta.url);
const BUILTINS: ReadonlySet<string> = new Set(builtinModules.filter((m) => !m.startsWith("_")));

/** Whether `specifier` names one of Node's built-in modules (`crypto`, `node:crypto`, `fs/promises`…). */
export function isNodeBuiltin(specifier: string): boolean {
  return BUILTINS.has(specifier.replace(/^node:/, ""));
}
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// Export names that cannot be declared as variables (none of Node's built-ins uses one today).
const RESERVED: ReadonlySet<string> = new Set([
  "default",
  "delete",
  "export",
  "import",
  "new",
  "function",
  "class",
]);

/**
 * In the bundles, `import { x } from "node:crypto"` (any Node built-in) becomes
 * `process.getBuiltinModule("node:crypto").x` (tsup has esbuild write an ES module for both
 * formats, so the CommonJS files read them the same way). An import statement gets Node's ES module facade
 * of the built-in, which reads every export once to build it: node:crypto's lazy `webcrypto`,
 * node:util's `parseArgs` and `MIMEType`, node:module's `SourceMap` each load more of Node's own
 * code. ~3 ms of a cold import("atv") (issue 15). Each export is a `@__PURE__` read, so only the
 * names a bundle uses are read; `import()` and `require()` of built-ins are left as they are.
 * process.getBuiltinModule is in Node 20.16 and later (engines: >=20.19).
 */
export const builtinsWithoutFacade: EsbuildPlugin = {
  name: "builtins-without-esm-facade",
  setup(build) {
    if (build.initialOptions.format !== "esm") return;
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      const id = args.path.replace(/^node:/, "");
      if (args.kind !== "import-statement" || !isNodeBuiltin(id)) return undefined;
      return { path: id, namespace: "node-builtin" };
    });
    build.onLoad({ filter: /.*/, namespace: "node-builtin" }, (args) => {
      const module = `node_${args.path.replace(/\W/g, "_")}`;
      const names = Object.keys(nodeRequire(args.path) as object).filter(
        (n) => IDENTIFIER.test(n) && !RESERVED.has(n),
      );
      const lines = [
        `const ${module} = process.getBuiltinModule(${JSON.stringify(`node:${args.path}`)});`,
        `export default ${module};`,
        ...names.map((n) => `export const ${n} = /* @__PURE__ */ (() => ${module}.${n})();`),
      ];
      return { contents: lines.join("\n"), loader: "js" };
    });
  },
};

/** Shared tsup options: ESM + CJS + .d.ts from src/index.ts. Packages spread this. */
export const baseTsupConfig: Options = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  // Declarations are built against the dependencies' published .d.ts, not their sources.
  // Each package's build then runs tools/dts-stubs.mjs: the ESM .d.ts entries re-export their
  // identical .d.cts twins instead of repeating them (half the declaration bytes installed).
  dts: { compilerOptions: { customConditions: [] } },
  // No source maps in the published dist: they were 2.1 MB of every install (issue 15); the
  // sources ship in src/ and tests run against them.
  sourcemap: false,
  clean: true,
  target: "node20",
  platform: "node",
  splitting: false,
  treeshake: true,
  outDir: "dist",
  esbuildPlugins: [builtinsWithoutFacade],
  // tsup's own plugin for `node:` imports would resolve them before builtinsWithoutFacade sees them.
  removeNodeProtocol: false,
};

/**
 * `require` for an ES module bundle whose inlined CommonJS code (debug, bplist-creator) calls it
 * for Node built-ins. Made on the first call: `createRequire` is ~4 ms of a cold import (Node's
 * CommonJS loader starting up, issue 15), for code that mostly never runs (debug loads only when
 * DEBUG is set). esbuild's require shim only calls it (`require.apply`).
 */
export const lazyRequireBanner =
  'let __atvRequire; const require = (id) => (__atvRequire ??= process.getBuiltinModule("node:module").createRequire(import.meta.url))(id);';
