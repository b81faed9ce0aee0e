import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { defineConfig, type Options } from "tsup";
import { baseTsupConfig, builtinsWithoutFacade, lazyRequireBanner } from "../../tsup.config.base.js";

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

export default defineConfig([
  {
    ...baseTsupConfig,
    // The library: protocol packages stay external; it loads them lazily by dynamic import.
    entry: { index: "src/index.ts", simulator: "src/simulator/index.ts" },
    // `pnpm build` empties dist/ first; two configs write into it.
    clean: false,
  },
  {
    // The `atv` command: one ES module with every workspace package and third-party
    // dependency inlined (no package resolution, a fraction of the code compiled), split
    // so each command loads only what it uses: `--version` loads cli.js alone, the
    // library and each protocol are lazy chunks.
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    outDir: "dist",
    clean: false,
    dts: false,
    sourcemap: false,
    splitting: true,
    treeshake: true,
    // Minified (less to install, parse and keep in memory); keepNames keeps every class and
    // function name (error names, stack traces) as written.
    minify: true,
    keepNames: true,
    noExternal: [new RegExp(`^(?!(${AUDIO_PACKAGES.join("|")})(/|$))`)],
    external: AUDIO_PACKAGES,
    esbuildPlugins: [noDeprecatedBuffer, narrowDynamicImports, builtinsWithoutFacade],
    removeNodeProtocol: false,
    esbuildOptions(options) {
      options.chunkNames = "cli-chunks/[name]-[hash]";
      options.conditions = ["@atv/source", "module", "import"];
      // Workspace packages are bundled from their sources (better tree shaking than their dist).
      // CommonJS dependencies (debug, bplist-creator 0.1) call require() for Node built-ins.
      options.banner = { js: lazyRequireBanner };
    },
  },
]);
