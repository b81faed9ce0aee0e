/** Runs CPython (when present) to cross-check our output against the real `json` module. */
import { spawnSync } from "node:child_process";

function findPython(): string | undefined {
  for (const candidate of ["python3", "python"]) {
    const probe = spawnSync(candidate, [
      "-c",
      "import json, sys; sys.exit(0 if sys.version_info[0] == 3 else 1)",
    ]);
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

export const python = findPython();

/** Runs a Python script with `input` on stdin; returns stdout (throws on a non-zero exit). */
export function runPython(script: string, input: string): string {
  if (python === undefined) throw new Error("python3 is not available");
  const result = spawnSync(python, ["-c", script], { input, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`python failed (${String(result.status)}): ${result.stderr}`);
  return result.stdout;
}
