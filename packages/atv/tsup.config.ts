import { readFile } from "node:fs/promises";
import { defineConfig, type Options } from "tsup";
import { baseTsupConfig } from "../../tsup.config.base.js";

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
    esbuildPlugins: [noDeprecatedBuffer],
    esbuildOptions(options) {
      options.chunkNames = "cli-chunks/[name]-[hash]";
      options.conditions = ["@atv/source", "module", "import"];
      // Workspace packages are bundled from their sources (better tree shaking than their dist).
      // CommonJS dependencies (debug, bplist-creator 0.1) call require() for Node built-ins.
      options.banner = {
        js: 'import { createRequire as __atvCreateRequire } from "node:module"; const require = __atvCreateRequire(import.meta.url);',
      };
    },
  },
]);
