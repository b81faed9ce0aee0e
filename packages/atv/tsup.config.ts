import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Options } from "tsup";
import { BUNDLE_PARAMETERS } from "./src/cli/compile-cache.js";
import { baseTsupConfig, builtinsWithoutFacade, isNodeBuiltin } from "../../tsup.config.base.js";

// Loaded on demand by @atv/raop (decoding compressed audio, reading tags): they stay separate
// packages (declared as atv's own dependencies too), never inside the CLI bundle.
const AUDIO_PACKAGES = [
  "music-metadata",
  "mpg123-decoder",
  "@wasm-audio-decoders/flac",
  "@wasm-audio-decoders/ogg-vorbis",
];

/**
 * stream-buffers (under bplist-creator) calls the deprecated `new Buffer(size)`. Node warns
 * (DEP0005) about that only for code outside node_modules, which inlined code is: use the
 * zero-filled `Buffer.alloc(size)` it stands for.
 */
const noDeprecatedBuffer: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "no-deprecated-buffer",
  setup(build) {
    build.onLoad({ filter: /[\\/]stream-buffers[\\/].*\.js$/ }, async ({ path }) => ({
      contents: (await readFile(path, "utf8")).replaceAll("new Buffer(", "Buffer.alloc("),
      loader: "js",
    }));
  },
};

type EsbuildPlugin = NonNullable<Options["esbuildPlugins"]>[number];

/** `atv simulate`'s command: its own dist file, outside the CLI bundle (see hostImports). */
const SIMULATE_COMMAND = resolve(dirname(fileURLToPath(import.meta.url)), "src/simulator/command.ts");

/**
 * The names `source` takes from its dynamic imports of `pkg`, when every such import is either
 * `(await import("pkg")).name` or `const { a, b } = await import("pkg")`; otherwise undefined
 * (the importer may use the whole namespace).
 */
function namesTaken(source: string, pkg: string): string[] | undefined {
  const call = `import(${JSON.stringify(pkg)})`;
  const imports = source.split(call).length - 1;
  const escaped = call.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const names = new Set<string>();
  let understood = 0;
  for (const m of source.matchAll(new RegExp(`\\(await ${escaped}\\)\\.(\\w+)`, "g"))) {
    names.add(m[1] ?? "");
    understood += 1;
  }
  for (const m of source.matchAll(new RegExp(`const \\{([\\w\\s,]+)\\} = await ${escaped}`, "g"))) {
    for (const name of (m[1] ?? "").split(",")) if (name.trim() !== "") names.add(name.trim());
    understood += 1;
  }
  return imports > 0 && understood === imports && names.size > 0 ? [...names].sort() : undefined;
}

/**
 * Where `index` (a package's src/index.ts) re-exports each of `names` from: `{ "./module.js":
 * ["mrpProtocol"] }`, when each is a plain named re-export (`export { a, b } from "./x.js"`);
 * otherwise undefined.
 */
function reExportSources(index: string, names: readonly string[]): Map<string, string[]> | undefined {
  const from = new Map<string, string>();
  for (const m of index.matchAll(/export\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
    for (const item of (m[1] ?? "").split(",")) {
      const name = item.trim();
      if (/^\w+$/.test(name)) from.set(name, m[2] ?? "");
    }
  }
  const bySource = new Map<string, string[]>();
  for (const name of names) {
    const source = from.get(name);
    if (source === undefined) return undefined;
    bySource.set(source, [...(bySource.get(source) ?? []), name]);
  }
  return bySource;
}

/**
 * A lazily loaded workspace package (`(await import("@atv/mrp")).mrpProtocol` in registry.ts,
 * `const { browse } = await import("@atv/zeroconf")` in scan.ts…) becomes, in the CLI bundle,
 * a module importing only the names the importer takes, from the files of the package's
 * sources that define them (not through its index). A dynamic import otherwise keeps the
 * package's whole namespace, and its chunks would hold (and every connect would load) the
 * device side too: servers, responders and receivers only the simulator uses. Issue 15: the
 * code a command loads is most of its startup time and memory. When the importer's use or the
 * package's index is not that simple, the import is left as it is.
 */
const narrowDynamicImports: EsbuildPlugin = {
  name: "narrow-dynamic-imports",
  setup(build) {
    build.onResolve({ filter: /^@atv\/[a-z-]+$/ }, async (args) => {
      if (args.kind !== "dynamic-import" || args.namespace !== "file") return undefined;
      const names = namesTaken(await readFile(args.importer, "utf8"), args.path);
      if (!names) return undefined;
      const entry = await build.resolve(args.path, { kind: "import-statement", resolveDir: args.resolveDir });
      if (entry.errors.length > 0 || !entry.path.endsWith(".ts")) return undefined;
      const sources = reExportSources(await readFile(entry.path, "utf8"), names);
      if (!sources) return undefined;
      return {
        // The chunk is named after this path (a file name: no "#", "?" or "/").
        path: `${args.path.replace(/^@atv\//, "")}-${names.join("-")}`,
        namespace: "atv-narrow",
        pluginData: {
          contents: [...sources].map(
            ([source, n]) => `export { ${n.join(", ")} } from ${JSON.stringify(source)};`,
          ),
          resolveDir: dirname(entry.path),
        },
      };
    });
    build.onLoad({ filter: /.*/, namespace: "atv-narrow" }, (args) => {
      const { contents, resolveDir } = args.pluginData as { contents: string[]; resolveDir: string };
      return { contents: contents.join("\n"), resolveDir, loader: "ts" };
    });
  },
};

/**
 * A dynamic `import()` of a Node built-in becomes a `require` of it (a script compiled by `vm`
 * has no `import()`): the import resolves to a small CommonJS module that re-exports it.
 */
const builtinImportsAsRequire: EsbuildPlugin = {
  name: "builtin-imports-as-require",
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      if (args.kind !== "dynamic-import" || !isNodeBuiltin(args.path)) return undefined;
      return { path: args.path.replace(/^node:/, ""), namespace: "builtin-require" };
    });
    build.onLoad({ filter: /.*/, namespace: "builtin-require" }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`node:${args.path}`)});`,
      loader: "js",
    }));
  },
};

const HOST_IMPORT = "atv-host-import:";

/**
 * Modules the CLI bundle imports at run time through the `__atvImport` the loader passes in (the
 * entry's own `import()`, resolved from dist/cli.js), instead of inlining them:
 * - `packages`: the ES-module-only audio packages;
 * - `modules`: source files (absolute `.ts` paths) → the dist file that stands for them
 *   (`./simulate-command.js`: the simulator, device side of every protocol, which only
 *   `atv simulate` runs, from the library's own packages).
 * esbuild writes each with a marker (this plugin) that {@link rewriteHostImports} turns into a call.
 */
function hostImports(packages: readonly string[], modules: Readonly<Record<string, string>>): EsbuildPlugin {
  const escaped = packages.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  const wanted = new RegExp(`^(${escaped.join("|")})(/|$)`);
  const marked = (args: { path: string; kind: string }, target: string) =>
    args.kind === "dynamic-import"
      ? { path: `${HOST_IMPORT}${target}`, external: true }
      : { errors: [{ text: `${args.path} may only be imported dynamically in the CLI bundle` }] };
  return {
    name: "host-imports",
    setup(build) {
      build.onResolve({ filter: wanted }, (args) => marked(args, args.path));
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = modules[resolve(args.resolveDir, args.path).replace(/\.js$/, ".ts")];
        return target === undefined ? undefined : marked(args, target);
      });
    },
  };
}

/** The marked imports become `__atvImport("…")`; the build fails if any other `import(` is left. */
const rewriteHostImports: NonNullable<Options["plugins"]>[number] = {
  name: "rewrite-host-imports",
  renderChunk(code) {
    const text = code.replace(
      /\bimport\(\s*"atv-host-import:([^"]+)"\s*\)/g,
      (_match, id: string) => `__atvImport(${JSON.stringify(id)})`,
    );
    // Any other import() would fail at run time: a script compiled by `vm` has none.
    const left = /\bimport\(\s*["'`]/.exec(text);
    if (left) {
      const excerpt = text.slice(left.index, left.index + 60);
      throw new Error(`CLI bundle: an import() is left at offset ${left.index}: ${excerpt}`);
    }
    return { code: text };
  },
};

/** What both files of the `atv` command share. */
const cliBuild: Options = {
  target: "node20",
  platform: "node",
  outDir: "dist",
  clean: false,
  dts: false,
  sourcemap: false,
  splitting: false,
  // Minified (less to install, parse and keep in memory); keepNames keeps every class and
  // function name (error names, stack traces) as written.
  minify: true,
  keepNames: true,
  // tsup's own plugin for `node:` imports would resolve them before the plugins below see them.
  removeNodeProtocol: false,
};

export default defineConfig([
  {
    ...baseTsupConfig,
    // The library: protocol packages stay external; it loads them lazily by dynamic import.
    entry: { index: "src/index.ts", simulator: "src/simulator/index.ts" },
    // `pnpm build` empties dist/ first; two configs write into it.
    clean: false,
  },
  {
    // `atv simulate` (src/simulator/command.ts), which the CLI bundle imports from here: the
    // simulator runs on the library's packages (external, as in the library), and the bundle
    // every other command compiles holds none of the device side.
    ...baseTsupConfig,
    entry: { "simulate-command": "src/simulator/command.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
  },
  {
    // The `atv` command's entry: a small ES module (version, V8 tuning, signals) that loads
    // the command's bundle below through the V8 code cache (src/cli/compile-cache.ts).
    ...cliBuild,
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    esbuildPlugins: [builtinsWithoutFacade],
  },
  {
    // The command itself (src/cli/main.ts): one CommonJS script with every workspace package
    // and third-party dependency inlined (no package resolution, a fraction of the code
    // compiled), which src/cli.ts compiles with a V8 code cache. Modules it imports lazily
    // (the library, each protocol, the bridge) stay lazy: esbuild runs their top level on first
    // import. The audio packages and `atv simulate` stay outside (hostImports).
    ...cliBuild,
    entry: { "cli-main": "src/cli/main.ts" },
    format: ["cjs"],
    // Everything is inlined but the audio packages, which hostImports leaves to the entry.
    noExternal: [/./],
    esbuildPlugins: [
      noDeprecatedBuffer,
      narrowDynamicImports,
      builtinImportsAsRequire,
      hostImports(AUDIO_PACKAGES, { [SIMULATE_COMMAND]: "./simulate-command.js" }),
    ],
    plugins: [rewriteHostImports],
    esbuildOptions(options) {
      options.conditions = ["@atv/source", "module", "import"];
      // One function expression, which src/cli/compile-cache.ts calls with CommonJS's
      // arguments and its `import()`: Node's own wrapping would copy the whole source.
      options.banner = { js: `(function (${BUNDLE_PARAMETERS.join(", ")}) {` };
      options.footer = { js: "})" };
    },
  },
]);
