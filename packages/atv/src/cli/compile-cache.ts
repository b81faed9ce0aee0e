/**
 * Loading the `atv` command's bundle (dist/cli-main.cjs) with a V8 code cache (issue 15).
 *
 * Most of a one-shot command's start is V8 parsing and compiling the bundle's code. V8 can
 * serialize what it compiled (`vm.Script#createCachedData`) and take it back on the next run
 * (`cachedData`), which skips that work: `atv … playing` against the simulator went from
 * ~170–210 to ~130–150 ms of wall time here (bench/report.ts, `playing` against
 * `playing-nocache`). Node 22 does the same for every module with `module.enableCompileCache()`;
 * Node 20 has no such switch, and ES modules give no access to their compilation, so the
 * command's code is one CommonJS bundle compiled here.
 *
 * - **Where:** the user's cache folder (`$XDG_CACHE_HOME/atv` or `~/.cache/atv`,
 *   `~/Library/Caches/atv` on macOS, `%LOCALAPPDATA%\atv\Cache` on Windows), or the folder
 *   `ATV_COMPILE_CACHE` names. `ATV_COMPILE_CACHE=off` (or Node's own
 *   `NODE_DISABLE_COMPILE_CACHE=1`) turns it off.
 * - **Keyed** by a SHA-1 of the bundle's bytes, Node's version and architecture and the V8
 *   flag set (`variant`): V8 itself checks only the source's length and the flags, so a
 *   bundle edited in place must not meet an older cache.
 * - **Written** once, when there was no usable cache: to a temporary file renamed into place (a
 *   concurrent run reads the old file or the new one, never half of one). A cache V8 rejects is
 *   replaced; any failure to read or write is ignored and the bundle compiles as usual.
 */
import { hash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { Script } from "node:vm";

/** Larger cache files are not read (the command's cache is about 1 MB). */
export const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** Cache files of other bundles or Node versions left this long unchanged are removed on a write. */
export const STALE_CACHE_MS = 30 * 24 * 60 * 60 * 1000;

const CACHE_PREFIX = "cli-";
const CACHE_SUFFIX = ".v8cache";

/**
 * The names the bundle's wrapper takes, in order: CommonJS's five, then `__atvImport`, through
 * which the bundle imports the ES-module-only packages it leaves out (a script compiled by `vm`
 * has no `import()` of its own). tsup.config.ts writes the wrapper.
 */
export const BUNDLE_PARAMETERS = ["exports", "require", "module", "__filename", "__dirname", "__atvImport"];

export type HostImport = (specifier: string) => Promise<unknown>;

/** What happened to the code cache on a load. */
export type CacheState = "off" | "miss" | "hit" | "rejected";

export interface LoadedBundle {
  /** The bundle's `module.exports`. */
  readonly exports: unknown;
  readonly cache: CacheState;
  /** The cache file, when caching is on. */
  readonly cacheFile: string | undefined;
  /**
   * Writes the cache if this load had none it could use (once; later calls do nothing). Call it
   * after the command has run, while V8's flags are those it was compiled with: the cache then
   * holds the functions the command compiled, and V8 takes it only under the same flags.
   */
  save(): void;
}

export interface LoadBundleOptions {
  /** Absolute path of the bundle: one `(function (exports, require, …, __atvImport) {…})` expression. */
  readonly file: string;
  /** Folder of the cache files; undefined turns caching off. */
  readonly cacheDir: string | undefined;
  /** The V8 flag set the bundle is compiled under (part of the cache's name). */
  readonly variant: string;
  readonly hostImport: HostImport;
}

/**
 * Where the cache goes for this environment, or undefined when it is off (see the module
 * comment). `home` is the user's home folder ("" when unknown: then only an explicit folder or
 * XDG_CACHE_HOME / LOCALAPPDATA can place it).
 */
export function compileCacheDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  home: string,
  cwd: string,
): string | undefined {
  const setting = env["ATV_COMPILE_CACHE"]?.trim();
  if (setting !== undefined && setting !== "") {
    if (/^(0|off|false|no)$/i.test(setting)) return undefined;
    return isAbsolute(setting) ? setting : resolve(cwd, setting);
  }
  if (env["NODE_DISABLE_COMPILE_CACHE"]) return undefined;
  if (platform === "win32") {
    const local = env["LOCALAPPDATA"];
    if (local) return join(local, "atv", "Cache");
  } else if (platform === "darwin") {
    if (home) return join(home, "Library", "Caches", "atv");
    return undefined;
  }
  const xdg = env["XDG_CACHE_HOME"];
  if (xdg && isAbsolute(xdg)) return join(xdg, "atv");
  return home ? join(home, ".cache", "atv") : undefined;
}

/** The cache file's name for a bundle's bytes under one V8 flag set. */
export function cacheFileName(bundle: Uint8Array, variant: string): string {
  const key = hash("sha1", bundle, "hex").slice(0, 20);
  const safeVariant = variant.replace(/[^\w-]/g, "_");
  return `${CACHE_PREFIX}${safeVariant}-${process.version}-${process.arch}-${key}${CACHE_SUFFIX}`;
}

/** The cache's name, or undefined (caching off) if it cannot be computed (a crypto policy). */
function keyOrUndefined(bundle: Uint8Array, variant: string): string | undefined {
  try {
    return cacheFileName(bundle, variant);
  } catch {
    return undefined;
  }
}

function readCache(path: string): Buffer | undefined {
  try {
    if (statSync(path).size > MAX_CACHE_BYTES) return undefined;
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Removes other cache files nobody has rewritten for {@link STALE_CACHE_MS}. */
function removeStale(dir: string, keep: string, now: number): void {
  for (const name of readdirSync(dir)) {
    if (name === keep || !name.startsWith(CACHE_PREFIX) || !name.endsWith(CACHE_SUFFIX)) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > STALE_CACHE_MS) rmSync(path, { force: true });
    } catch {
      // Another run removed it first.
    }
  }
}

/**
 * A `require` for the bundle: Node's built-ins directly (everything else is inlined), and
 * Node's CommonJS loader only if something else is ever asked for.
 */
function bundleRequire(file: string): (id: string) => unknown {
  let fallback: NodeJS.Require | undefined;
  return (id): unknown => process.getBuiltinModule(id) ?? ((fallback ??= createRequire(file))(id) as unknown);
}

/**
 * Compiles and runs the bundle, with the code cache when there is one (see the module comment);
 * undefined when there is no such file (the source tree).
 */
export function loadBundle(options: LoadBundleOptions): LoadedBundle | undefined {
  const { file, cacheDir, variant, hostImport } = options;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const cacheName = cacheDir === undefined ? undefined : keyOrUndefined(bytes, variant);
  const cacheFile = cacheDir === undefined || cacheName === undefined ? undefined : join(cacheDir, cacheName);
  const cachedData = cacheFile === undefined ? undefined : readCache(cacheFile);
  // UTF-8 as Node reads a module (esbuild writes ASCII, so this is a one-byte string).
  const script = new Script(bytes.toString("utf8"), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const cache: CacheState =
    cacheFile === undefined ? "off" : !cachedData ? "miss" : script.cachedDataRejected ? "rejected" : "hit";
  const wrapper: unknown = script.runInThisContext();
  if (typeof wrapper !== "function") throw new Error(`${file} is not an atv command bundle`);
  const module = { exports: {} as unknown };
  (wrapper as (...args: unknown[]) => void).call(
    module.exports,
    module.exports,
    bundleRequire(file),
    module,
    file,
    dirname(file),
    hostImport,
  );
  let pending = cache === "miss" || cache === "rejected";
  return {
    exports: module.exports,
    cache,
    cacheFile,
    save() {
      if (!pending || cacheDir === undefined || cacheFile === undefined || cacheName === undefined) return;
      pending = false;
      try {
        mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
        const data = script.createCachedData();
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temporary, data, { mode: 0o600 });
        try {
          renameSync(temporary, cacheFile);
        } catch (error) {
          rmSync(temporary, { force: true });
          throw error;
        }
        removeStale(cacheDir, cacheName, Date.now());
      } catch {
        // A read-only or missing home folder: the command ran; it is only slower next time.
      }
    },
  };
}
