import { spawnSync } from "node:child_process";

/**
 * Why network-namespace tests cannot run here, or undefined when they can:
 * they need root, `ip netns` and the named programs (installed by tools/bootstrap.mjs).
 */
export function netnsUnavailableReason(programs: readonly string[] = []): string | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0)
    return "network-namespace tests need root";
  const ip = spawnSync("ip", ["netns", "list"], { encoding: "utf8" });
  if (ip.status !== 0) return "`ip netns` is unavailable (install iproute2)";
  for (const p of programs) {
    if (spawnSync("sh", ["-c", `command -v ${p}`]).status !== 0)
      return `${p} is not installed (run npm test to install test peers)`;
  }
  return undefined;
}
