/**
 * The CLI bundle's V8 code cache (src/cli/compile-cache.ts): where it goes, when it is used,
 * rejected, rewritten and cleaned up, and that a broken or unwritable cache never stops a
 * command. The last part runs the built command (dist/cli.js + dist/cli-main.cjs) twice.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BUNDLE_PARAMETERS,
  STALE_CACHE_MS,
  cacheFileName,
  compileCacheDir,
  loadBundle,
  type HostImport,
  type LoadBundleOptions,
  type LoadedBundle,
} from "../../src/cli/compile-cache.js";
import { packageRoot, runCli, useDist } from "./process.js";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "atv-compile-cache-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("compileCacheDir", () => {
  const home = "/home/u";
  const cwd = "/work";

  it("uses the user's cache folder by platform", () => {
    expect(compileCacheDir({}, "linux", home, cwd)).toBe("/home/u/.cache/atv");
    expect(compileCacheDir({ XDG_CACHE_HOME: "/xdg" }, "linux", home, cwd)).toBe("/xdg/atv");
    // XDG_CACHE_HOME must be absolute (the XDG spec): a relative one is ignored.
    expect(compileCacheDir({ XDG_CACHE_HOME: "rel" }, "linux", home, cwd)).toBe("/home/u/.cache/atv");
    expect(compileCacheDir({}, "darwin", home, cwd)).toBe("/home/u/Library/Caches/atv");
    expect(compileCacheDir({ LOCALAPPDATA: "/appdata" }, "win32", home, cwd)).toBe(
      join("/appdata", "atv", "Cache"),
    );
  });

  it("follows ATV_COMPILE_CACHE, and turns off for off/0/false/no and NODE_DISABLE_COMPILE_CACHE", () => {
    expect(compileCacheDir({ ATV_COMPILE_CACHE: "/c" }, "linux", home, cwd)).toBe("/c");
    expect(compileCacheDir({ ATV_COMPILE_CACHE: "c" }, "linux", home, cwd)).toBe("/work/c");
    for (const off of ["off", "0", "false", "NO", " Off "]) {
      expect(compileCacheDir({ ATV_COMPILE_CACHE: off }, "linux", home, cwd)).toBeUndefined();
    }
    expect(compileCacheDir({ NODE_DISABLE_COMPILE_CACHE: "1" }, "linux", home, cwd)).toBeUndefined();
    // An explicit folder wins over Node's switch; an empty setting means the default.
    expect(
      compileCacheDir({ ATV_COMPILE_CACHE: "/c", NODE_DISABLE_COMPILE_CACHE: "1" }, "linux", home, cwd),
    ).toBe("/c");
    expect(compileCacheDir({ ATV_COMPILE_CACHE: "" }, "linux", home, cwd)).toBe("/home/u/.cache/atv");
  });

  it("is off without a home folder unless a folder is named", () => {
    expect(compileCacheDir({}, "linux", "", cwd)).toBeUndefined();
    expect(compileCacheDir({}, "darwin", "", cwd)).toBeUndefined();
    expect(compileCacheDir({}, "win32", "", cwd)).toBeUndefined();
    expect(compileCacheDir({ XDG_CACHE_HOME: "/xdg" }, "linux", "", cwd)).toBe("/xdg/atv");
  });
});

describe("cacheFileName", () => {
  it("changes with the bundle's bytes even at the same length, and with the flag set", () => {
    const a = cacheFileName(new TextEncoder().encode("exports.a = 1"), "oneshot");
    const b = cacheFileName(new TextEncoder().encode("exports.a = 2"), "oneshot");
    const c = cacheFileName(new TextEncoder().encode("exports.a = 1"), "default");
    expect(new Set([a, b, c]).size).toBe(3);
    expect(a).toMatch(
      new RegExp(
        `^cli-oneshot-${process.version.replaceAll(".", "\\.")}-${process.arch}-[0-9a-f]{20}\\.v8cache$`,
      ),
    );
    // Nothing from the variant can leave the folder.
    expect(cacheFileName(new Uint8Array(1), "../x")).toMatch(/^cli-___x-/);
  });
});

describe("loadBundle", () => {
  const hostImport: HostImport = (specifier) => import(specifier);

  function load(options: LoadBundleOptions): LoadedBundle {
    const loaded = loadBundle(options);
    if (!loaded) throw new Error(`${options.file} is missing`);
    return loaded;
  }

  /** A bundle in the shape tsup.config.ts writes, with enough functions for V8 to cache. */
  async function writeBundle(name: string, value: number): Promise<string> {
    const file = join(dir, name);
    const functions = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join(
      "\n",
    );
    await writeFile(
      file,
      `(function (${BUNDLE_PARAMETERS.join(", ")}) {
"use strict";
${functions}
exports.value = f0(${value});
exports.sum = () => { let s = 0; ${Array.from({ length: 50 }, (_, i) => `s += f${i}(1);`).join(" ")} return s; };
exports.path = require("node:path").join("a", "b");
exports.importPath = () => __atvImport("node:path");
exports.file = __filename;
exports.dir = __dirname;
module.exports.self = this === exports;
})`,
    );
    return file;
  }

  interface TestExports {
    value: number;
    sum(): number;
    path: string;
    importPath(): Promise<{ join(...parts: string[]): string }>;
    file: string;
    dir: string;
    self: boolean;
  }

  it("runs the bundle with CommonJS's arguments and the host's import", async () => {
    const file = await writeBundle("b.cjs", 41);
    const loaded = load({ file, cacheDir: undefined, variant: "v", hostImport });
    const e = loaded.exports as TestExports;
    expect(loaded.cache).toBe("off");
    expect(loaded.cacheFile).toBeUndefined();
    expect(e.value).toBe(41);
    expect(e.sum()).toBe(50 + (49 * 50) / 2);
    expect(e.path).toBe(join("a", "b"));
    expect((await e.importPath()).join("x", "y")).toBe(join("x", "y"));
    expect(e.file).toBe(file);
    expect(e.dir).toBe(dir);
    expect(e.self).toBe(true);
    loaded.save(); // off: nothing to write, no error
    expect(await readdir(dir)).toEqual(["b.cjs"]);
  });

  /**
   * Loads the bundle in a new process (V8 reuses an isolate's own compilations, so whether a
   * cache is taken or rejected shows only in a fresh one) and saves; returns what happened.
   */
  function loadInChild(file: string, cacheDir: string): { cache: string; value: number } {
    const script = `
      const { loadBundle } = await import(${JSON.stringify(join(packageRoot, "src/cli/compile-cache.ts"))});
      const loaded = loadBundle({ file: process.argv[1], cacheDir: process.argv[2], variant: "v", hostImport: (s) => import(s) });
      loaded.exports.sum();
      loaded.save();
      process.stdout.write(JSON.stringify({ cache: loaded.cache, value: loaded.exports.value }));`;
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script, file, cacheDir],
      {
        cwd: packageRoot,
        encoding: "utf8",
      },
    );
    if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as { cache: string; value: number };
  }

  it("misses, writes once, then hits; a rejected cache is replaced", async () => {
    const file = await writeBundle("b.cjs", 1);
    const cacheDir = join(dir, "cache", "nested");
    const first = load({ file, cacheDir, variant: "v", hostImport });
    expect(first.cache).toBe("miss");
    expect((first.exports as TestExports).sum()).toBeGreaterThan(0);
    first.save();
    const cacheFile = first.cacheFile ?? "";
    const written = await readFile(cacheFile);
    expect(written.length).toBeGreaterThan(0);
    expect((await stat(cacheFile)).mode & 0o777).toBe(0o600);
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
    first.save(); // once only
    expect(await readdir(cacheDir)).toEqual([first.cacheFile?.slice(cacheDir.length + 1)]);

    // A new process takes the cache and writes nothing.
    const before = (await stat(cacheFile)).mtimeMs;
    expect(loadInChild(file, cacheDir)).toEqual({ cache: "hit", value: 1 });
    expect((await stat(cacheFile)).mtimeMs).toBe(before);

    // Garbage where the cache was: V8 rejects it, the bundle still runs, and save() replaces it.
    await writeFile(cacheFile, Buffer.alloc(written.length, 0x5a));
    expect(loadInChild(file, cacheDir)).toEqual({ cache: "rejected", value: 1 });
    expect((await readFile(cacheFile)).equals(Buffer.alloc(written.length, 0x5a))).toBe(false);
    expect(loadInChild(file, cacheDir)).toEqual({ cache: "hit", value: 1 });
    // No temporary files are left.
    expect((await readdir(cacheDir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("gives an edited bundle of the same length a cache of its own", async () => {
    const cacheDir = join(dir, "cache");
    const file = await writeBundle("b.cjs", 1);
    const a = load({ file, cacheDir, variant: "v", hostImport });
    a.save();
    await writeBundle("b.cjs", 2);
    const b = load({ file, cacheDir, variant: "v", hostImport });
    expect(b.cache).toBe("miss");
    expect(b.cacheFile).not.toBe(a.cacheFile);
    expect((b.exports as TestExports).value).toBe(2);
  });

  it("ignores a cache folder it cannot create or write", async () => {
    const file = await writeBundle("b.cjs", 1);
    const blocker = join(dir, "not-a-folder");
    await writeFile(blocker, "x");
    const loaded = load({ file, cacheDir: join(blocker, "cache"), variant: "v", hostImport });
    expect(loaded.cache).toBe("miss");
    expect(() => loaded.save()).not.toThrow();
    expect((loaded.exports as TestExports).value).toBe(1);
  });

  it("removes other cache files left unchanged for 30 days, and nothing else", async () => {
    const file = await writeBundle("b.cjs", 1);
    const cacheDir = join(dir, "cache");
    await mkdir(cacheDir);
    const old = new Date(Date.now() - STALE_CACHE_MS - 60_000);
    const stale = join(cacheDir, "cli-oneshot-v0.0.0-x64-0000.v8cache");
    const recent = join(cacheDir, "cli-oneshot-v0.0.1-x64-0000.v8cache");
    const unrelated = join(cacheDir, "notes.txt");
    for (const path of [stale, recent, unrelated]) await writeFile(path, "x");
    await utimes(stale, old, old);
    await utimes(unrelated, old, old);
    load({ file, cacheDir, variant: "v", hostImport }).save();
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(existsSync(unrelated)).toBe(true);
  });

  it("is undefined for a missing file (the source tree)", () => {
    expect(
      loadBundle({ file: join(dir, "none.cjs"), cacheDir: dir, variant: "v", hostImport }),
    ).toBeUndefined();
  });

  it("refuses a file that is not a bundle", async () => {
    const file = join(dir, "plain.cjs");
    await writeFile(file, "1 + 1");
    expect(() => load({ file, cacheDir: undefined, variant: "v", hostImport })).toThrow(
      /not an atv command bundle/,
    );
  });
});

describe.runIf(useDist)("the built command", () => {
  it("is one wrapped CommonJS script without import() of its own", async () => {
    const text = await readFile(join(packageRoot, "dist", "cli-main.cjs"), "utf8");
    expect(text.startsWith(`(function (${BUNDLE_PARAMETERS.join(", ")}) {\n`)).toBe(true);
    expect(text).not.toMatch(/\bimport\(\s*["'`]/);
    expect(text).toContain('__atvImport("music-metadata")');
    // The simulator is not in it: `atv simulate` imports dist/simulate-command.js.
    expect(text).toContain('__atvImport("./simulate-command.js")');
    expect(text).not.toContain("startMrpServer");
    expect(existsSync(join(packageRoot, "dist", "cli-chunks"))).toBe(false);
  });

  it("writes its cache on the first run, uses it on the next, and survives a corrupt one", async () => {
    const env = { ATV_COMPILE_CACHE: join(dir, "cache") };
    const first = await runCli(["--storage", "none", "commands"], { env });
    expect(first.code).toBe(0);
    const names = await readdir(env.ATV_COMPILE_CACHE);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^cli-oneshot-.*\.v8cache$/);
    const cacheFile = join(env.ATV_COMPILE_CACHE, names[0] ?? "");
    const written = await readFile(cacheFile);

    const second = await runCli(["--storage", "none", "commands"], { env });
    expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: first.stderr });
    expect((await readFile(cacheFile)).equals(written)).toBe(true); // a hit rewrites nothing

    await writeFile(cacheFile, Buffer.alloc(written.length, 1));
    const third = await runCli(["--storage", "none", "commands"], { env });
    expect(third).toMatchObject({ code: 0, stdout: first.stdout });
    expect((await readFile(cacheFile)).equals(Buffer.alloc(written.length, 1))).toBe(false);

    const off = await runCli(["--storage", "none", "commands"], { env: { ATV_COMPILE_CACHE: "off" } });
    expect(off).toMatchObject({ code: 0, stdout: first.stdout });
  });
});
