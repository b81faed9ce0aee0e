#!/usr/bin/env node
// Bootstraps a fresh clone on a machine that has only Node.js and npm:
// installs the pinned pnpm into .tools/, installs the workspace, installs the
// Debian test peers (avahi, shairport-sync) when running as root with apt, then
// runs the requested task. Usage: node tools/bootstrap.mjs <test|demo|ci> [args…]
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, "");
const toolsDir = join(root, ".tools");
const pnpmBin = join(toolsDir, "node_modules", ".bin", "pnpm");
// Child tools (publint packs with `pnpm`) find the pinned pnpm on PATH.
process.env.PATH = `${join(toolsDir, "node_modules", ".bin")}${process.platform === "win32" ? ";" : ":"}${process.env.PATH ?? ""}`;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}
function must(cmd, args, opts) {
  const code = run(cmd, args, opts);
  if (code !== 0) {
    console.error(`[bootstrap] failed (${code}): ${cmd} ${args.join(" ")}`);
    process.exit(code);
  }
}
function quiet(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

function ensurePnpm() {
  if (existsSync(pnpmBin) && quiet(pnpmBin, ["--version"]) === pnpmVersion) return;
  console.error(`[bootstrap] installing pnpm ${pnpmVersion} into .tools/`);
  must("npm", [
    "install",
    "--prefix",
    toolsDir,
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
    `pnpm@${pnpmVersion}`,
  ]);
}
const pnpm = (args, opts) => must(pnpmBin, args, opts);

function installWorkspace() {
  const frozen = existsSync(join(root, "pnpm-lock.yaml")) ? ["--frozen-lockfile"] : [];
  pnpm(["install", ...frozen, "--reporter=append-only"]);
}

/** Debian packages the real-peer tests need; installed only as root with apt-get, never required. */
function ensureTestPeers() {
  if (process.env.ATV_SKIP_PEERS === "1") return;
  const wanted = [
    ["avahi-daemon", "avahi-daemon"],
    ["avahi-publish", "avahi-utils"],
    ["shairport-sync", "shairport-sync"],
    ["ip", "iproute2"],
    ["dbus-daemon", "dbus"],
    // The web remote's browser test (packages/atv/test/serve/web-remote.test.ts) drives Debian's Chromium.
    ["chromium", "chromium"],
  ];
  const missing = wanted
    .filter(([bin]) => quiet("sh", ["-c", `command -v ${bin}`]) === null)
    .map(([, p]) => p);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || quiet("sh", ["-c", "command -v apt-get"]) === null) {
    console.error(
      `[bootstrap] test peers missing (${missing.join(", ")}); real-peer tests will skip (need root + apt-get)`,
    );
    return;
  }
  console.error(`[bootstrap] installing test peers: ${missing.join(", ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (run("apt-get", ["install", "-y", "--no-install-recommends", ...missing], { env }) !== 0) {
    run("apt-get", ["update"], { env });
    if (run("apt-get", ["install", "-y", "--no-install-recommends", ...missing], { env }) !== 0) {
      console.error("[bootstrap] could not install test peers; real-peer tests will skip");
    }
  }
}

const [task = "test", ...rest] = process.argv.slice(2);
ensurePnpm();
installWorkspace();
switch (task) {
  case "test":
    ensureTestPeers();
    pnpm(["turbo", "run", "build", "--output-logs=errors-only"]);
    pnpm(["vitest", "run", ...rest]);
    break;
  case "demo":
    pnpm(["turbo", "run", "build", "--output-logs=errors-only"]);
    pnpm(["--filter", "atv", "run", "demo", ...rest]);
    break;
  case "ci":
    pnpm(["turbo", "run", "build", "typecheck", "lint", "--output-logs=errors-only"]);
    pnpm(["format:check"]);
    pnpm(["-r", "--if-present", "run", "check:generated"]);
    pnpm(["-r", "--filter", "./packages/*", "exec", "publint", "--strict"]);
    pnpm(["-r", "--filter", "./packages/*", "exec", "attw", "--pack", ".", "--profile", "node16"]);
    break;
  default:
    console.error(`unknown task ${task}: use test, demo or ci`);
    process.exit(2);
}
