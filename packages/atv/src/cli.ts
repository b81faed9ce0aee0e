#!/usr/bin/env node
/**
 * The `atv` command. This file stays tiny: `atv --version` answers from
 * package.json without loading commander or any protocol package; everything
 * else is ./cli/main.js, which the build makes into one CommonJS bundle
 * (dist/cli-main.cjs) loaded with a V8 code cache (./cli/compile-cache.ts).
 * Run from source (tsx), the module itself is imported.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { fileURLToPath } from "node:url";
import type { LoadedBundle } from "./cli/compile-cache.js";
import type * as MainExports from "./cli/main.js";
import { tuneV8ForOneShot } from "./cli/v8-tuning.js";

type MainModule = typeof MainExports;

function packageVersion(): string {
  try {
    // One level below the package root both as src/cli.ts and as dist/cli.js.
    const text = readFileSync(new URL("../package.json", import.meta.url), "utf8");
    const parsed = JSON.parse(text) as { version?: unknown };
    return typeof parsed.version === "string" ? parsed.version : "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * The bundle, or undefined when this is the source tree (no dist/cli-main.cjs beside it). The
 * loader is imported here, not at the top: `atv --version` does not load node:crypto and node:vm.
 */
async function loadMainBundle(tuned: boolean): Promise<LoadedBundle | undefined> {
  const { compileCacheDir, loadBundle } = await import("./cli/compile-cache.js");
  const file = fileURLToPath(new URL("./cli-main.cjs", import.meta.url));
  let home = "";
  try {
    home = homedir();
  } catch {
    // No home folder (a service account): only ATV_COMPILE_CACHE or XDG_CACHE_HOME place the cache.
  }
  return loadBundle({
    file,
    cacheDir: compileCacheDir(process.env, process.platform, home, process.cwd()),
    variant: tuned ? "oneshot" : "default",
    hostImport: (specifier) => import(specifier),
  });
}

/** Set once the command's module is loaded: writes its code cache if it had none. */
let saveCompileCache = (): void => {};
let v8Restored = false;

async function start(argv: readonly string[]): Promise<number> {
  const version = packageVersion();
  if (argv.length === 1 && argv[0] === "--version") {
    process.stdout.write(`atv ${version}\n`);
    return 0;
  }
  // node:v8 is loaded after --version: that answer loads nothing it does not need.
  const { setFlagsFromString } = await import("node:v8");
  const tuned = tuneV8ForOneShot({
    argv,
    execArgv: process.execArgv,
    nodeOptions: process.env["NODE_OPTIONS"],
    setFlags: setFlagsFromString,
    later: (restore, ms) =>
      setTimeout(() => {
        // The cache is taken only under the flags it was made with: write it before they change.
        saveCompileCache();
        v8Restored = true;
        restore();
      }, ms).unref(),
  });
  const controller = new AbortController();
  let interrupted = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted += 1;
    // A second Ctrl+C ends at once, even if a handler does not honour the signal.
    if (interrupted > 1) process.exit(130);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const bundle = await loadMainBundle(tuned);
  let main: MainModule;
  if (bundle) {
    main = bundle.exports as MainModule;
    saveCompileCache = () => bundle.save();
  } else {
    // A variable: the build must not inline the module (dist has the bundle instead).
    const source = "./cli/main.js";
    main = (await import(source)) as MainModule;
  }
  return main.runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    signal: controller.signal,
    version,
  });
}

start(process.argv.slice(2)).then(
  (code) => {
    if (!v8Restored) saveCompileCache();
    // Exit explicitly: stdin or a socket left open by a failing command must not keep the process alive.
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`atv: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
