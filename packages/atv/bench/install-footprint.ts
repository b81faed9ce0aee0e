/**
 * What a user installs: packs every published package (`pnpm pack`), installs the
 * tarballs with npm into an empty temporary project, prints the installed size
 * (total and the largest packages), and proves the installed bin works:
 * `npx atv --version` and a unicast scan of the installed simulator on loopback.
 *
 *   node --import tsx bench/install-footprint.ts
 *
 * Build first (`pnpm build` at the root). Needs the npm registry for third-party dependencies.
 * Prints `install.size<TAB>bytes<TAB>B` and `install.size-mb<TAB>N<TAB>MB` lines for bench runners.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, lstatSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "atv-install-"));
const tarballs = join(work, "tarballs");
const app = join(work, "app");

function sizeOf(path: string): number {
  const st = lstatSync(path);
  if (!st.isDirectory()) return st.isSymbolicLink() ? 0 : st.size;
  let total = 0;
  for (const name of readdirSync(path)) total += sizeOf(join(path, name));
  return total;
}

function packages(nodeModules: string): [string, number][] {
  const out: [string, number][] = [];
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith(".")) continue;
    const path = join(nodeModules, name);
    if (name.startsWith("@")) {
      for (const sub of readdirSync(path)) out.push([`${name}/${sub}`, sizeOf(join(path, sub))]);
    } else out.push([name, sizeOf(path)]);
  }
  return out.sort((a, b) => b[1] - a[1]);
}

try {
  execFileSync("mkdir", ["-p", tarballs, app]);
  for (const name of readdirSync(packagesDir)) {
    const dir = join(packagesDir, name);
    if (!statSync(join(dir, "package.json"), { throwIfNoEntry: false })) continue;
    execFileSync("pnpm", ["pack", "--pack-destination", tarballs], { cwd: dir, stdio: "ignore" });
  }
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...files], {
    cwd: app,
    stdio: ["ignore", "ignore", "inherit"],
  });

  const nodeModules = join(app, "node_modules");
  const total = sizeOf(nodeModules);
  console.log(
    `# npm i of ${files.length} packed tarballs (${files.map((f) => f.split("/").at(-1)).join(" ")})`,
  );
  for (const [name, bytes] of packages(nodeModules).slice(0, 12)) {
    console.log(`#   ${(bytes / 1e6).toFixed(2).padStart(6)} MB  ${name}`);
  }
  console.log(`install.size\t${total}\tB`);
  console.log(`install.size-mb\t${(total / 1e6).toFixed(2)}\tMB`);

  const version = execFileSync("npx", ["--no-install", "atv", "--version"], { cwd: app, encoding: "utf8" });
  if (!/^atv \S+\n$/.test(version)) throw new Error(`npx atv --version printed ${JSON.stringify(version)}`);
  console.log(`# npx atv --version: ${version.trim()}`);

  // The installed package's own simulator, scanned by the installed bin over loopback.
  const bin = join(nodeModules, ".bin", "atv");
  const sim = spawn(bin, ["simulate", "--udns-port", "0"], {
    cwd: app,
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const info = await new Promise<{ ports: { udns: number }; identifiers: { mrp: string } }>((ok, fail) => {
      createInterface({ input: sim.stdout }).once("line", (line) => ok(JSON.parse(line) as never));
      sim.once("exit", (code) => fail(new Error(`simulator exited with ${code}`)));
    });
    const out = execFileSync(bin, ["-s", "127.0.0.1", "--scan-port", String(info.ports.udns), "scan"], {
      cwd: app,
      encoding: "utf8",
    });
    if (!out.includes(info.identifiers.mrp)) throw new Error(`scan did not find the simulator:\n${out}`);
    console.log(`# installed atv scan found the simulator (${info.identifiers.mrp})`);
  } finally {
    sim.kill("SIGTERM");
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
