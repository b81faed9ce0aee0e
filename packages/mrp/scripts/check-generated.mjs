#!/usr/bin/env node
// Regenerates src/gen from proto/ into a temporary directory and fails when the
// committed files differ (stale, missing or extra). Run by CI as `check:generated`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const committed = join(pkgDir, "src", "gen");
const tmp = mkdtempSync(join(tmpdir(), "atv-mrp-gen-"));

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

try {
  const bin = join(pkgDir, "node_modules", ".bin");
  const r = spawnSync("buf", ["generate", "--output", tmp], {
    cwd: pkgDir,
    stdio: "inherit",
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` },
  });
  if (r.status !== 0) {
    console.error("check:generated: buf generate failed");
    process.exit(r.status ?? 1);
  }
  const fresh = join(tmp, "src", "gen");
  const want = listFiles(fresh);
  const have = listFiles(committed);
  const problems = [];
  for (const f of want) {
    if (!have.includes(f)) problems.push(`missing: src/gen/${f}`);
    else if (!readFileSync(join(fresh, f)).equals(readFileSync(join(committed, f))))
      problems.push(`stale: src/gen/${f}`);
  }
  for (const f of have) if (!want.includes(f)) problems.push(`extra: src/gen/${f}`);
  if (problems.length > 0) {
    console.error(
      `check:generated: src/gen is out of date; run \`pnpm --filter @atv/mrp generate\`\n  ${problems.join("\n  ")}`,
    );
    process.exit(1);
  }
  console.log(`check:generated: src/gen is up to date (${want.length} files)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
